DO $$ BEGIN
  IF (SELECT count(*) FROM product_list WHERE price IS NULL) <> 2 THEN RAISE EXCEPTION 'product_list has no price column or lost rows'; END IF;
  IF (SELECT count(*) FROM product_titles) <> 2 THEN RAISE EXCEPTION 'product_titles'; END IF;
END $$;
