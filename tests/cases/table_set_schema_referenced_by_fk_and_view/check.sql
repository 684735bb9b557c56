DO $$ BEGIN IF (SELECT count(*) FROM customer_orders) <> 2 THEN RAISE EXCEPTION 'lost'; END IF;
DELETE FROM crm.customers WHERE id = 1;
IF (SELECT customer_id FROM orders WHERE id = 10) IS NOT NULL THEN RAISE EXCEPTION 'fk lost'; END IF; END $$;
