INSERT INTO users VALUES (1, 'Ann@Example.com'), (2, 'bob@example.com');
