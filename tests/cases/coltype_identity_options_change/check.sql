INSERT INTO rooms (name) VALUES ('red');
INSERT INTO batches (label) VALUES ('z');
DO $$ BEGIN
  IF (SELECT id FROM rooms WHERE name = 'red') <> 12 THEN
    RAISE EXCEPTION 'rooms should continue from 2 by 10, got %', (SELECT id FROM rooms WHERE name = 'red');
  END IF;
  IF (SELECT id FROM batches WHERE label = 'z') <> 506 THEN
    RAISE EXCEPTION 'batches should continue from 505 by 1, got %', (SELECT id FROM batches WHERE label = 'z');
  END IF;
END $$;
