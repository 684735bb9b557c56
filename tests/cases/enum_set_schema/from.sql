CREATE SCHEMA billing;
CREATE TYPE plan AS ENUM ('free', 'pro');
CREATE TABLE billing.subscriptions (id integer PRIMARY KEY, plan plan NOT NULL DEFAULT 'free');
