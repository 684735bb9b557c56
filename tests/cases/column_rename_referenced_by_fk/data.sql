INSERT INTO users VALUES (1, 'u-1');
INSERT INTO orders VALUES (1, 'u-1');
