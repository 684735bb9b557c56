INSERT INTO sessions VALUES (1, 1, 't1', 'old1'), (2, 1, 't2', NULL);
