INSERT INTO orders VALUES (1, 'Ann', 'open', '2024-01-01'), (2, 'bob', 'pending', '2024-01-02'), (3, 'Ann', 'done', '2024-01-03');
