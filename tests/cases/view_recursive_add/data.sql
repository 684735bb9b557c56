INSERT INTO categories VALUES (1, NULL, 'Home'), (2, 1, 'Kitchen'), (3, 2, 'Knives');
