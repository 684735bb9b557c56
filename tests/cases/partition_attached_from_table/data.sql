INSERT INTO logs_1 VALUES (3, 1, 'x');
