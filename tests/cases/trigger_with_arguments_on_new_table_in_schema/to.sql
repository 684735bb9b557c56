CREATE SCHEMA audit;
CREATE TABLE audit.log (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tag text NOT NULL, at timestamptz NOT NULL DEFAULT now());
CREATE FUNCTION audit.record() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = audit, pg_temp AS $$
BEGIN
  INSERT INTO log (tag) VALUES (TG_ARGV[0] || ':' || TG_OP);
  RETURN NULL;
END;
$$;
CREATE TABLE "Orders" (id integer PRIMARY KEY);
CREATE TRIGGER "Orders audit" AFTER INSERT OR DELETE OR UPDATE ON "Orders" FOR EACH ROW EXECUTE FUNCTION audit.record('orders', 'it''s');
