DO $$ BEGIN IF (SELECT sum(quantity) FROM items) <> 42 OR (SELECT count(*) FROM lines JOIN items ON items.id = lines.item_id) <> 2 THEN RAISE EXCEPTION 'wrong'; END IF; END $$;
