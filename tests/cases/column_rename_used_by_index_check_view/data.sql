INSERT INTO users VALUES (1, 'A@x.org', true), (2, 'b@x.org', false);
