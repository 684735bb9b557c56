INSERT INTO notes (body) VALUES ('one'), ('two');
