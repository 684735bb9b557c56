INSERT INTO events VALUES (1, 'a'), (2, 'a'), (3, 'b');
DO $$ BEGIN IF (SELECT n FROM event_counts WHERE kind = 'a') <> 2 THEN RAISE EXCEPTION 'trigger missing'; END IF; END $$;
