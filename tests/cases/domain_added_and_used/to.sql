CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');
CREATE TABLE users (id integer PRIMARY KEY, email text, backup_email email);
CREATE TABLE contacts (id integer PRIMARY KEY, address email NOT NULL);
