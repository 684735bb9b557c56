CREATE TABLE tickets (id integer NOT NULL, status text NOT NULL) PARTITION BY LIST (status);
CREATE TABLE tickets_open PARTITION OF tickets FOR VALUES IN ('open');
CREATE TABLE tickets_closed PARTITION OF tickets FOR VALUES IN ('closed');
