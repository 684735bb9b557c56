INSERT INTO employees VALUES (1, NULL, 'Boss'), (2, 1, 'Ann'), (3, 2, 'Bob');
