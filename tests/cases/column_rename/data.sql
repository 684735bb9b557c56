INSERT INTO users (email, name) VALUES ('a@x', 'Ann');
