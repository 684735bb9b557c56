INSERT INTO readings VALUES (1, '2023-05-01', 1), (2, '2024-05-01', 2);
