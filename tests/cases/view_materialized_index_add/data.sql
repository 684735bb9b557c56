INSERT INTO sales VALUES (1, 'north', 'Chair', 10.00), (2, 'north', 'Chair', 5.00), (3, 'south', 'Desk', 2000.00);
