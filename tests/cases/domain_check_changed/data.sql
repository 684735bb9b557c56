INSERT INTO scores VALUES (1, 40), (2, 60);
