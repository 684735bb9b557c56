/* Hand-written schema for the catalogue service.
   /* nested comment: drawDB chokes on these */
   Uses casts, arrays, quoted identifiers and several schemas. */

CREATE SCHEMA IF NOT EXISTS inventory;
CREATE SCHEMA IF NOT EXISTS "Reporting";

-- Enum in a non-public schema, with a quote in a label
CREATE TYPE inventory.stock_state AS ENUM ('in_stock', 'backordered', 'discontinued', 'it''s complicated');

CREATE TABLE inventory.warehouses (
    id          smallserial PRIMARY KEY,
    code        varchar(8) NOT NULL UNIQUE,        -- short code, e.g. 'AMS1'
    name        text NOT NULL,
    location    point,
    opened_on   date DEFAULT '2020-01-01'::date,
    CONSTRAINT warehouses_code_format CHECK (code ~ '^[A-Z]{3}[0-9]$')
);

create table if not exists inventory.products (
    id bigint generated always as identity primary key,
    sku text not null,
    "Display Name" text not null,
    price numeric(10, 2) not null default 0.00 check (price >= 0),
    weight_grams int4,
    tags text[] not null default '{}',
    dimensions_mm integer[3],
    attributes jsonb not null default '{"color": null, "sizes": []}'::jsonb,
    state inventory.stock_state not null default 'in_stock'::inventory.stock_state,
    price_with_vat numeric(10, 2) generated always as (price * 1.21) stored,
    search tsvector,
    created_at timestamptz not null default CURRENT_TIMESTAMP,
    unique nulls not distinct (sku),
    unique (sku, "Display Name")
);

CREATE TABLE inventory.stock (
    warehouse_id smallint NOT NULL REFERENCES inventory.warehouses (id) ON DELETE CASCADE,
    product_id bigint NOT NULL,
    quantity integer NOT NULL DEFAULT 0,
    reserved integer NOT NULL DEFAULT 0,
    updated_at timestamp(3) without time zone DEFAULT (now() AT TIME ZONE 'utc'::text),
    PRIMARY KEY (warehouse_id, product_id),
    FOREIGN KEY (product_id) REFERENCES inventory.products ON DELETE RESTRICT DEFERRABLE INITIALLY DEFERRED,
    CHECK (reserved <= quantity)
);

-- a table referencing one defined later in the file (PostgreSQL itself would need suppliers
-- first; the importer resolves references in a second pass)
CREATE TABLE "Reporting"."Daily Sales" (
    "Day" date NOT NULL,
    product_id bigint NOT NULL REFERENCES inventory.products(id),
    supplier_id integer REFERENCES suppliers ON UPDATE CASCADE,
    "Units" integer DEFAULT 0 NOT NULL,
    revenue double precision DEFAULT -1.5,
    flags bit varying(8),
    CONSTRAINT "Daily Sales_pk" PRIMARY KEY ("Day", product_id)
);

CREATE TABLE suppliers (
    id serial PRIMARY KEY,
    name text NOT NULL,
    email varchar(320) COLLATE "C",
    rating real DEFAULT 3.5,
    active bool DEFAULT 'true'::boolean NOT NULL,
    notes text DEFAULT E'line1\nline2',
    website text DEFAULT $$https://example.com/$$
);

ALTER TABLE suppliers ADD COLUMN country char(2) NOT NULL DEFAULT 'NL';
ALTER TABLE suppliers ALTER COLUMN rating SET NOT NULL;

CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS products_lower_sku_idx ON inventory.products (lower(sku)) INCLUDE (id);
CREATE INDEX products_tags_gin ON inventory.products USING gin (tags);
CREATE INDEX products_search_idx ON inventory.products USING gist (search);
CREATE INDEX ON inventory.stock (updated_at DESC NULLS FIRST) WHERE quantity > 0;
CREATE INDEX products_attr_hash ON inventory.products USING hash ((attributes ->> 'color'));

CREATE VIEW "Reporting".low_stock (warehouse, product, quantity) AS
    SELECT w.code, p.sku, s.quantity
    FROM inventory.stock s
    JOIN inventory.warehouses w ON w.id = s.warehouse_id
    JOIN inventory.products p ON p.id = s.product_id
    WHERE s.quantity < 10;

CREATE OR REPLACE VIEW inventory.product_names AS SELECT id, "Display Name" FROM inventory.products;

COMMENT ON TABLE inventory.products IS 'Everything we sell';
COMMENT ON COLUMN inventory.products.sku IS 'Stock keeping unit';
COMMENT ON COLUMN "Reporting"."Daily Sales"."Units" IS 'Units sold that day';
COMMENT ON TYPE inventory.stock_state IS 'Stock states';
COMMENT ON SCHEMA inventory IS 'Warehouses and stock';
COMMENT ON INDEX inventory.products_tags_gin IS 'tag search';
