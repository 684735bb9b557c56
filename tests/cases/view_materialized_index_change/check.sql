DO $$ BEGIN
  IF (SELECT count(*) FROM events) <> 2 THEN RAISE EXCEPTION 'rows lost'; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'daily_events_by_kind') THEN RAISE EXCEPTION 'rename'; END IF;
END $$;
