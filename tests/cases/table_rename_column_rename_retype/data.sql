INSERT INTO item VALUES (1, '12', 'a'), (2, '30', NULL);
INSERT INTO lines VALUES (1, 1), (2, 2);
