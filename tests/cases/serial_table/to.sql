CREATE TABLE counters (id serial PRIMARY KEY, big bigserial, label text);
