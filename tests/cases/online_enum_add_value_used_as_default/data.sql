INSERT INTO orders VALUES (1, 'placed'), (2, 'shipped');
