INSERT INTO posts (id, title) VALUES (4, 'd');
DO $$ BEGIN IF (SELECT string_agg(status::text, ',' ORDER BY id) FROM posts) <> 'draft,published,archived,draft' THEN RAISE EXCEPTION 'wrong'; END IF; END $$;
