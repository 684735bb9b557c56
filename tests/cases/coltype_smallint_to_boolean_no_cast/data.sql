INSERT INTO settings VALUES (1, 'dark_mode', 1), (2, 'beta', 0);
