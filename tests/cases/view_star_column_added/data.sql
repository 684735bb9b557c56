INSERT INTO products VALUES (1, 'Chair'), (2, 'Table');
