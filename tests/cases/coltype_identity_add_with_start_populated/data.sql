INSERT INTO accounts VALUES (1, 'ann'), (41, 'bob');
INSERT INTO legacy_accounts VALUES (10, 'cy'), (5000, 'dee');
