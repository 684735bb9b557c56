INSERT INTO priorities (label) VALUES ('urgent');
DO $$ BEGIN
  IF (SELECT id FROM priorities WHERE label = 'urgent') <> -3 THEN
    RAISE EXCEPTION 'counting down should continue at -3, got %', (SELECT id FROM priorities WHERE label = 'urgent');
  END IF;
END $$;
