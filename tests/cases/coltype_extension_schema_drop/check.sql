DO $$ BEGIN
  IF (SELECT count(*) FROM users) <> 1 THEN RAISE EXCEPTION 'rows lost'; END IF;
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citext') THEN RAISE EXCEPTION 'citext left behind'; END IF;
END $$;
