CREATE TABLE accounts (id uuid PRIMARY KEY, owner text NOT NULL);
CREATE FUNCTION current_owner() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$ select current_user::text $$;
