CREATE TABLE events (id integer PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), label varchar(20) DEFAULT 'x', day date DEFAULT CURRENT_DATE, big bigint DEFAULT 10000000000);
