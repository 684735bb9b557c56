INSERT INTO order_lines (id, qty, unit_price) VALUES (3, 0.5, 4.00);
DO $$ BEGIN IF (SELECT sum(total) FROM order_lines) <> 35.00 THEN RAISE EXCEPTION 'wrong %', (SELECT sum(total) FROM order_lines); END IF; END $$;
