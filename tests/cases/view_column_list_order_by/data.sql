INSERT INTO scores VALUES (1, 'ann', 10, '2024-01-05'), (2, 'ann', 30, '2024-02-01'), (3, 'bob', 20, '2024-01-09');
