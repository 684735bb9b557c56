INSERT INTO events (kind) VALUES ('c');
DO $$ BEGIN
  IF (SELECT id FROM events WHERE kind = 'c') <> 3 THEN RAISE EXCEPTION 'sequence restarted'; END IF;
  IF (SELECT seqtypid::regtype::text FROM pg_sequence WHERE seqrelid = pg_get_serial_sequence('events', 'id')::regclass) <> 'bigint' THEN RAISE EXCEPTION 'identity sequence still integer'; END IF;
END $$;
