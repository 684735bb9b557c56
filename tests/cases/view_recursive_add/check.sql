DO $$ BEGIN
  IF (SELECT path FROM category_paths WHERE id = 3) <> 'Home / Kitchen / Knives' THEN RAISE EXCEPTION 'paths'; END IF;
  IF (SELECT sum(i) FROM numbers) <> 55 THEN RAISE EXCEPTION 'numbers'; END IF;
END $$;
