INSERT INTO accounts VALUES (1, 'old');
INSERT INTO accounts_v2 VALUES (1, 'new', 'pro');
INSERT INTO logins VALUES (1, 1);
