CREATE TABLE item (id serial PRIMARY KEY, code bigserial, name text);
