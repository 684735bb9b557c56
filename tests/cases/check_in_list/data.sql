INSERT INTO orders VALUES (1, 'paid', 1, 2, 3);
