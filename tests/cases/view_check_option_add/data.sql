INSERT INTO tasks VALUES (1, 'write', false, 9), (2, 'read', true, 1);
