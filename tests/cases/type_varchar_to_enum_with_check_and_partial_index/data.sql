INSERT INTO posts VALUES (1, 'draft', 'a'), (2, 'published', 'b'), (3, 'archived', 'c');
