INSERT INTO profiles (id) VALUES (3);
DO $$ BEGIN IF (SELECT display_name FROM profiles WHERE id = 1) <> 'neo' OR (SELECT display_name FROM profiles WHERE id = 3) IS NOT NULL THEN RAISE EXCEPTION 'wrong'; END IF; END $$;
DELETE FROM profiles WHERE id = 3;
