CREATE SCHEMA billing;
CREATE TABLE a (id integer PRIMARY KEY);
CREATE TABLE billing.invoices (id integer PRIMARY KEY, total numeric(10,2) NOT NULL);
