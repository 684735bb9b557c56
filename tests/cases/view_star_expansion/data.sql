INSERT INTO users VALUES (1, 'a@example.com', 'Ann'), (2, 'b@example.com', NULL);
INSERT INTO orders VALUES (10, 1, 250.00), (11, 2, 12.50);
