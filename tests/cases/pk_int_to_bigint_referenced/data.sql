INSERT INTO accounts VALUES (1, 'a'), (2, 'b');
INSERT INTO invoices VALUES (10, 1, 9.99), (11, 2, 5.00);
INSERT INTO notes VALUES (20, 1, 'hello'), (21, NULL, 'orphan');
