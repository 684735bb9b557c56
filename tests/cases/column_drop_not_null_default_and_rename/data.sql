INSERT INTO profiles VALUES (1, 'neo', 'x'), (2, DEFAULT, 'y');
