CREATE TABLE jobs (id integer PRIMARY KEY, done boolean NOT NULL DEFAULT false);
CREATE PROCEDURE finish_job(IN job integer, INOUT finished boolean DEFAULT NULL) LANGUAGE plpgsql AS $$
BEGIN
  UPDATE jobs SET done = true WHERE id = job;
  finished := true;
END;
$$;
