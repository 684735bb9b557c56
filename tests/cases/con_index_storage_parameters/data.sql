INSERT INTO logs VALUES (1, now(), 'x');
