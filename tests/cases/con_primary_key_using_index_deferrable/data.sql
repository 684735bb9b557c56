INSERT INTO slots VALUES (1, 'a'), (2, 'b');
