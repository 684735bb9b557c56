DO $$ BEGIN
  IF (SELECT count(*) FROM user_orders) <> 2 THEN RAISE EXCEPTION 'user_orders'; END IF;
  IF (SELECT count(*) FROM big_orders) <> 1 THEN RAISE EXCEPTION 'big_orders'; END IF;
END $$;
