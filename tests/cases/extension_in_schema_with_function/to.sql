CREATE SCHEMA extensions;
CREATE EXTENSION pgcrypto WITH SCHEMA extensions;
CREATE TABLE users (id integer PRIMARY KEY, password text);
CREATE FUNCTION hash_password(p text) RETURNS text LANGUAGE sql VOLATILE SET search_path = extensions, pg_temp
  AS $$ select crypt(p, gen_salt('bf')) $$;
