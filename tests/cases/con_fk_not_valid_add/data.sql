INSERT INTO customers VALUES (1); INSERT INTO orders VALUES (1, 1), (2, 99);
