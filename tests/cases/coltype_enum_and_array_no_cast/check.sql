DO $$ BEGIN
  IF (SELECT string_agg(message, ',' ORDER BY id) FROM alerts) <> 'disk full,cpu warm' THEN
    RAISE EXCEPTION 'rows lost';
  END IF;
END $$;
