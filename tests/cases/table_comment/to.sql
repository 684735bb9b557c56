CREATE TABLE t (id integer PRIMARY KEY);
COMMENT ON TABLE t IS 'Things we track';
