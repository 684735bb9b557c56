INSERT INTO events VALUES (1, 'signup', 1700000000), (2, 'login', 1700000500), (3, 'logout', NULL);
