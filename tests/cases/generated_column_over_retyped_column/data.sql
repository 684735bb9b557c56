INSERT INTO order_lines (id, qty, unit_price) VALUES (1, 2, 1.50), (2, 3, 10.00);
