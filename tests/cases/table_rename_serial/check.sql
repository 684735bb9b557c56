INSERT INTO items (name) VALUES ('c');
DO $$ BEGIN IF (SELECT id FROM items WHERE name = 'c') <> 3 OR (SELECT code FROM items WHERE name = 'c') <> 3 THEN RAISE EXCEPTION 'sequence lost'; END IF; END $$;
