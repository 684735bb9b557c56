INSERT INTO customers VALUES (1, 'a'), (2, 'b'), (41, 'c');
INSERT INTO tags VALUES (5, 'x'), (9, 'y');
