DO $$ BEGIN
  IF (SELECT count(*) FROM orders WHERE external_ref = 0) <> 2
     OR (SELECT note FROM orders WHERE id = 2) IS DISTINCT FROM 'second' THEN
    RAISE EXCEPTION 'rows should be kept with the new default in the retyped column';
  END IF;
END $$;
