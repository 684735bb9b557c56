INSERT INTO docs (id, title) VALUES (1, 'Hello');
