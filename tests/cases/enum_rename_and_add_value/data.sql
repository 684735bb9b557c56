INSERT INTO accounts VALUES (1, 'inactive');
