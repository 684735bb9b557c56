CREATE TABLE accounts (id uuid PRIMARY KEY, owner text NOT NULL);
CREATE FUNCTION current_owner() RETURNS text LANGUAGE sql STABLE AS $$ select current_user::text $$;
