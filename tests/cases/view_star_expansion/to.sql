CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, name varchar(100));
CREATE TABLE orders (id integer PRIMARY KEY, user_id integer NOT NULL REFERENCES users (id), total numeric(10,2) NOT NULL);
CREATE VIEW all_users AS SELECT * FROM users;
CREATE VIEW user_orders AS SELECT u.*, o.id AS order_id, o.total FROM users u JOIN orders o ON o.user_id = u.id;
CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100;
