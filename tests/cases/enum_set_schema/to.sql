CREATE SCHEMA billing;
CREATE TYPE billing.plan AS ENUM ('free', 'pro');
CREATE TABLE billing.subscriptions (id integer PRIMARY KEY, plan billing.plan NOT NULL DEFAULT 'free');
