CREATE TABLE customers (id integer PRIMARY KEY);
CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.seen_at := now(); RETURN NEW; END $$;
CREATE TABLE orders (
    id bigint NOT NULL,
    customer_id integer NOT NULL REFERENCES customers (id),
    region text NOT NULL,
    seen_at timestamptz,
    PRIMARY KEY (id, region)
) PARTITION BY LIST (region);
CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('de', 'fr');
CREATE TABLE orders_us PARTITION OF orders FOR VALUES IN ('us');
CREATE TRIGGER orders_seen BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION stamp();
