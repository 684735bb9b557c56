INSERT INTO events VALUES (1, '{"kind":"click"}');
