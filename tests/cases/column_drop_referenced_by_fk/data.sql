INSERT INTO users VALUES (1, 'a@x');
INSERT INTO invites VALUES (1, 'a@x');
