UPDATE products SET attributes = 'color => red' WHERE id = 1;
INSERT INTO suppliers VALUES (1, 'Sales@Example.com');
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM suppliers WHERE email = 'sales@example.com') THEN
    RAISE EXCEPTION 'citext should compare case-insensitively';
  END IF;
  IF (SELECT attributes -> 'color' FROM products WHERE id = 1) <> 'red' OR (SELECT name FROM products) <> 'lamp' THEN
    RAISE EXCEPTION 'hstore column or data missing';
  END IF;
END $$;
