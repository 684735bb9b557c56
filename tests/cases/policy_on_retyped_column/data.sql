INSERT INTO scores VALUES (1, 5), (2, 7);
