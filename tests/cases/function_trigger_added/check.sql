UPDATE posts SET title = 'b' WHERE id = 1;
DO $$ BEGIN IF (SELECT updated_at FROM posts WHERE id = 1) IS NULL THEN RAISE EXCEPTION 'trigger did not run'; END IF; END $$;
