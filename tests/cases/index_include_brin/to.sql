CREATE TABLE e (id integer PRIMARY KEY, at timestamp, v text);
CREATE INDEX e_at_brin ON e USING brin (at);
CREATE INDEX e_v_cover ON e (v) INCLUDE (at);
