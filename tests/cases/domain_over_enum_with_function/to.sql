CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE DOMAIN good_mood AS mood DEFAULT 'happy' CHECK (VALUE <> 'sad');
CREATE FUNCTION cheer(m good_mood) RETURNS text LANGUAGE sql IMMUTABLE AS $$ select m::text || '!' $$;
CREATE TABLE people (id integer PRIMARY KEY, m good_mood);
