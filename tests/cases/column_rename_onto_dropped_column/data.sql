INSERT INTO people VALUES (1, 'Ann', 'Ann Smith');
