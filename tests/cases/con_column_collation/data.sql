INSERT INTO products VALUES (1, 'A-1', 'b', 'x'), (2, 'a-2', 'B', 'y');
