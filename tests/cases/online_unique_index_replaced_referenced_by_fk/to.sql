CREATE TABLE plans (id integer PRIMARY KEY, code text NOT NULL, retired_at timestamptz);
CREATE UNIQUE INDEX plans_code_key ON plans (code) INCLUDE (retired_at);
CREATE TABLE subscriptions (id integer PRIMARY KEY, plan_code text NOT NULL REFERENCES plans (code));
CREATE INDEX subscriptions_plan_idx ON subscriptions (plan_code, id);
