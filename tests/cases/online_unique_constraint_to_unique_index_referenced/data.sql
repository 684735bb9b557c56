INSERT INTO users VALUES (1, 'a@x'), (2, 'b@x');
INSERT INTO invites VALUES (1, 'a@x');
