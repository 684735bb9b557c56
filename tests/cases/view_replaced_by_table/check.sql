DO $$ BEGIN
  IF (SELECT count(*) FROM orders) <> 2 THEN RAISE EXCEPTION 'orders lost'; END IF;
  IF (SELECT count(*) FROM order_totals) <> 0 THEN RAISE EXCEPTION 'new table'; END IF;
END $$;
