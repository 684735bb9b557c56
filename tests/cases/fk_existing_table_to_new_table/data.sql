INSERT INTO posts (title) VALUES ('hello');
