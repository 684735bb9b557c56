INSERT INTO customers (name) VALUES ('d');
INSERT INTO tags (label) VALUES ('z');
DO $$ BEGIN IF (SELECT max(id) FROM customers) <= 41 OR (SELECT id FROM tags WHERE label = 'z') <= 9 THEN RAISE EXCEPTION 'identity restarted below existing ids'; END IF; END $$;
