INSERT INTO products VALUES (1, 'A1', 'eu', 'w1'), (2, 'B2', 'us', 'w2');
INSERT INTO stock VALUES (1, 'A1', 'eu', 5), (2, 'B2', 'us', 7);
