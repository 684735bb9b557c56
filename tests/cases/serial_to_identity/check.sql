INSERT INTO widgets (name) VALUES ('d');
DO $$ BEGIN IF (SELECT id FROM widgets WHERE name = 'd') <= 3 THEN RAISE EXCEPTION 'identity restarted'; END IF;
IF (SELECT count(*) FROM pg_class WHERE relkind = 'S') <> 1 THEN RAISE EXCEPTION 'serial sequence left behind'; END IF; END $$;
