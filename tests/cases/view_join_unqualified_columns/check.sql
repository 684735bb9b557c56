DO $$ BEGIN
  IF (SELECT count(*) FROM shop.stock_levels) <> 1 THEN RAISE EXCEPTION 'stock_levels'; END IF;
  IF (SELECT total FROM shop.totals WHERE sku = 'B2') <> 5 THEN RAISE EXCEPTION 'totals'; END IF;
END $$;
