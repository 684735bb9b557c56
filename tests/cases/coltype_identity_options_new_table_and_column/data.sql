INSERT INTO customers VALUES ('a@example.com'), ('b@example.com');
