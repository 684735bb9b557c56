CREATE TABLE jobs (id integer PRIMARY KEY, done boolean NOT NULL DEFAULT false);
CREATE PROCEDURE reset_jobs() LANGUAGE sql AS $$ update jobs set done = false $$;
