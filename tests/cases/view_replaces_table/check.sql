DO $$ BEGIN
  IF (SELECT count(*) FROM customers) <> 2 THEN RAISE EXCEPTION 'customers lost'; END IF;
  IF (SELECT name FROM vip_customers) <> 'Ann' THEN RAISE EXCEPTION 'view'; END IF;
END $$;
