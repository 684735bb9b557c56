INSERT INTO users VALUES (1, 'a');
INSERT INTO legacy_logins VALUES (1, 'a', now());
