CREATE FUNCTION score(n integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ select n::bigint * 2 $$;
CREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TABLE games (id integer PRIMARY KEY, points integer NOT NULL);
CREATE TRIGGER games_big BEFORE INSERT ON games FOR EACH ROW WHEN (score(NEW.points) > 10) EXECUTE FUNCTION noop();
