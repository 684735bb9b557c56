CREATE SCHEMA billing;
CREATE TABLE billing.invoices (id integer PRIMARY KEY);
CREATE TABLE a (id integer PRIMARY KEY);
