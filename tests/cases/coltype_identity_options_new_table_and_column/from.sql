CREATE TABLE customers (
  email text PRIMARY KEY
);
