INSERT INTO settings VALUES (1, '7'), (2, DEFAULT);
