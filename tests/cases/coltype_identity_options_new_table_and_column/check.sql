INSERT INTO invoices (customer_email, amount) VALUES ('a@example.com', 10);
DO $$ BEGIN
  IF (SELECT id FROM invoices) <> 1000 THEN
    RAISE EXCEPTION 'invoice numbering should start at 1000';
  END IF;
  IF (SELECT min(customer_no) FROM customers) <> 100000 OR (SELECT max(customer_no) FROM customers) <> 100007 THEN
    RAISE EXCEPTION 'customer numbers should be 100000, 100007';
  END IF;
END $$;
