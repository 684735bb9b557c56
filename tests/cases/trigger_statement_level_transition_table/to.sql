CREATE TABLE events (id integer PRIMARY KEY, kind text NOT NULL);
CREATE TABLE event_counts (kind text PRIMARY KEY, n bigint NOT NULL);
CREATE FUNCTION count_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO event_counts SELECT kind, count(*) FROM new_rows GROUP BY kind
  ON CONFLICT (kind) DO UPDATE SET n = event_counts.n + excluded.n;
  RETURN NULL;
END;
$$;
CREATE TRIGGER events_counted AFTER INSERT ON events REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_events();
