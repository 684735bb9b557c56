INSERT INTO orders (id, code, amount, qty, state, note) VALUES (1, 'A-1', 10.50, 3, 'paid', NULL), (2, 'B-2', 99.00, 200, 'new', 'rush');
