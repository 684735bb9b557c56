INSERT INTO accounts VALUES (1, 'old');
INSERT INTO accounts_v2 VALUES (7, 'new', 'pro');
