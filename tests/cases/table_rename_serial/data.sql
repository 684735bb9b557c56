INSERT INTO item (name) VALUES ('a'), ('b');
