DO $$ BEGIN
  IF (SELECT count(*) FROM orders) <> 3 THEN RAISE EXCEPTION 'rows lost'; END IF;
  -- Every index is valid and under its real name; no temporary one is left.
  IF EXISTS (SELECT 1 FROM pg_index WHERE indrelid = 'orders'::regclass AND NOT indisvalid) THEN
    RAISE EXCEPTION 'invalid index left behind';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_class WHERE relname LIKE '%\_new' AND relkind = 'i') THEN
    RAISE EXCEPTION 'temporary index left behind';
  END IF;
  IF (SELECT pg_get_indexdef('orders_customer_idx'::regclass)) NOT LIKE '%lower(customer)%' THEN
    RAISE EXCEPTION 'orders_customer_idx not replaced';
  END IF;
  BEGIN
    INSERT INTO orders VALUES (4, 'Ann', 'open', '2024-01-01');
    RAISE EXCEPTION 'unique (customer, placed_at) not enforced';
  EXCEPTION WHEN unique_violation THEN NULL;
  END;
END $$;
