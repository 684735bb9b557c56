INSERT INTO members VALUES (1, 'a@example.com', '2024-01-02'), (2, 'b@example.com', '2024-03-04');
