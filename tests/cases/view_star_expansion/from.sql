CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, name varchar(100));
CREATE TABLE orders (id integer PRIMARY KEY, user_id integer NOT NULL REFERENCES users (id), total numeric(10,2) NOT NULL);
