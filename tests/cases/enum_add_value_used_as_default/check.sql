INSERT INTO orders (id) VALUES (3);
DO $$ BEGIN IF (SELECT status::text || previous::text FROM orders WHERE id = 3) <> 'pendingpending' OR (SELECT status FROM orders WHERE id = 2) <> 'shipped' THEN RAISE EXCEPTION 'wrong'; END IF; END $$;
