DO $$ BEGIN
  IF (SELECT count(*) FROM orders) <> 2 THEN RAISE EXCEPTION 'rows lost'; END IF;
  IF (SELECT half FROM recent_orders) <> 1.5 THEN RAISE EXCEPTION 'numeric division expected'; END IF;
  IF (SELECT count(*) FROM order_codes) <> 1 THEN RAISE EXCEPTION 'order_codes'; END IF;
END $$;
