DO $$ BEGIN
  IF (SELECT string_agg(body, ',' ORDER BY id) FROM notes) <> 'one,two' THEN RAISE EXCEPTION 'rows lost'; END IF;
  IF EXISTS (SELECT 1 FROM pg_class WHERE relkind = 'S') THEN RAISE EXCEPTION 'sequence left behind'; END IF;
END $$;
