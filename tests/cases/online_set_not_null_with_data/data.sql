INSERT INTO accounts VALUES (1, 'a@x', NULL, 'l1'), (2, 'b@x', 'Bee', 'l2');
