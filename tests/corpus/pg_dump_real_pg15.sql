-- Real output of `pg_dump --schema-only` (PostgreSQL 15.20) for a database loaded with
-- handwritten.sql, drizzle_migration.sql and extra objects (partitions, INHERITS, domain,
-- BEGIN ATOMIC function, trigger, policy, grants, a standalone sequence, an unlogged table).
--
-- PostgreSQL database dump
--

\restrict cWLsjxQWSAGSYnMArOtYC5XrkGqMG0ZWLHm5KCQXbTKcHg2aVjAmdKSsg1wonRA

-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: Reporting; Type: SCHEMA; Schema: -; Owner: postgres
--

CREATE SCHEMA "Reporting";


ALTER SCHEMA "Reporting" OWNER TO postgres;

--
-- Name: inventory; Type: SCHEMA; Schema: -; Owner: postgres
--

CREATE SCHEMA inventory;


ALTER SCHEMA inventory OWNER TO postgres;

--
-- Name: SCHEMA inventory; Type: COMMENT; Schema: -; Owner: postgres
--

COMMENT ON SCHEMA inventory IS 'Warehouses and stock';


--
-- Name: stock_state; Type: TYPE; Schema: inventory; Owner: postgres
--

CREATE TYPE inventory.stock_state AS ENUM (
    'in_stock',
    'backordered',
    'discontinued',
    'it''s complicated'
);


ALTER TYPE inventory.stock_state OWNER TO postgres;

--
-- Name: TYPE stock_state; Type: COMMENT; Schema: inventory; Owner: postgres
--

COMMENT ON TYPE inventory.stock_state IS 'Stock states';


--
-- Name: posint; Type: DOMAIN; Schema: public; Owner: postgres
--

CREATE DOMAIN public.posint AS integer
	CONSTRAINT posint_check CHECK ((VALUE > 0));


ALTER DOMAIN public.posint OWNER TO postgres;

--
-- Name: wealth_status; Type: TYPE; Schema: public; Owner: postgres
--

CREATE TYPE public.wealth_status AS ENUM (
    'active',
    'fulfilled',
    'expired',
    'cancelled'
);


ALTER TYPE public.wealth_status OWNER TO postgres;

--
-- Name: wealth_type; Type: TYPE; Schema: public; Owner: postgres
--

CREATE TYPE public.wealth_type AS ENUM (
    'object',
    'service'
);


ALTER TYPE public.wealth_type OWNER TO postgres;

--
-- Name: add1(integer); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.add1(a integer) RETURNS integer
    LANGUAGE sql IMMUTABLE
    BEGIN ATOMIC
 SELECT (a + 1);
END;


ALTER FUNCTION public.add1(a integer) OWNER TO postgres;

--
-- Name: touch(); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.touch() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN NEW.note := 'y'; RETURN NEW; END; $$;


ALTER FUNCTION public.touch() OWNER TO postgres;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: products; Type: TABLE; Schema: inventory; Owner: postgres
--

CREATE TABLE inventory.products (
    id bigint NOT NULL,
    sku text NOT NULL,
    "Display Name" text NOT NULL,
    price numeric(10,2) DEFAULT 0.00 NOT NULL,
    weight_grams integer,
    tags text[] DEFAULT '{}'::text[] NOT NULL,
    dimensions_mm integer[],
    attributes jsonb DEFAULT '{"color": null, "sizes": []}'::jsonb NOT NULL,
    state inventory.stock_state DEFAULT 'in_stock'::inventory.stock_state NOT NULL,
    price_with_vat numeric(10,2) GENERATED ALWAYS AS ((price * 1.21)) STORED,
    search tsvector,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT products_price_check CHECK ((price >= (0)::numeric))
);


ALTER TABLE inventory.products OWNER TO postgres;

--
-- Name: TABLE products; Type: COMMENT; Schema: inventory; Owner: postgres
--

COMMENT ON TABLE inventory.products IS 'Everything we sell';


--
-- Name: COLUMN products.sku; Type: COMMENT; Schema: inventory; Owner: postgres
--

COMMENT ON COLUMN inventory.products.sku IS 'Stock keeping unit';


--
-- Name: stock; Type: TABLE; Schema: inventory; Owner: postgres
--

CREATE TABLE inventory.stock (
    warehouse_id smallint NOT NULL,
    product_id bigint NOT NULL,
    quantity integer DEFAULT 0 NOT NULL,
    reserved integer DEFAULT 0 NOT NULL,
    updated_at timestamp(3) without time zone DEFAULT (now() AT TIME ZONE 'utc'::text),
    CONSTRAINT stock_check CHECK ((reserved <= quantity))
);


ALTER TABLE inventory.stock OWNER TO postgres;

--
-- Name: warehouses; Type: TABLE; Schema: inventory; Owner: postgres
--

CREATE TABLE inventory.warehouses (
    id smallint NOT NULL,
    code character varying(8) NOT NULL,
    name text NOT NULL,
    location point,
    opened_on date DEFAULT '2020-01-01'::date,
    CONSTRAINT warehouses_code_format CHECK (((code)::text ~ '^[A-Z]{3}[0-9]$'::text))
);


ALTER TABLE inventory.warehouses OWNER TO postgres;

--
-- Name: low_stock; Type: VIEW; Schema: Reporting; Owner: postgres
--

CREATE VIEW "Reporting".low_stock AS
 SELECT w.code AS warehouse,
    p.sku AS product,
    s.quantity
   FROM ((inventory.stock s
     JOIN inventory.warehouses w ON ((w.id = s.warehouse_id)))
     JOIN inventory.products p ON ((p.id = s.product_id)))
  WHERE (s.quantity < 10);


ALTER TABLE "Reporting".low_stock OWNER TO postgres;

--
-- Name: product_names; Type: VIEW; Schema: inventory; Owner: postgres
--

CREATE VIEW inventory.product_names AS
 SELECT products.id,
    products."Display Name"
   FROM inventory.products;


ALTER TABLE inventory.product_names OWNER TO postgres;

--
-- Name: products_id_seq; Type: SEQUENCE; Schema: inventory; Owner: postgres
--

ALTER TABLE inventory.products ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME inventory.products_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: warehouses_id_seq; Type: SEQUENCE; Schema: inventory; Owner: postgres
--

CREATE SEQUENCE inventory.warehouses_id_seq
    AS smallint
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE inventory.warehouses_id_seq OWNER TO postgres;

--
-- Name: warehouses_id_seq; Type: SEQUENCE OWNED BY; Schema: inventory; Owner: postgres
--

ALTER SEQUENCE inventory.warehouses_id_seq OWNED BY inventory.warehouses.id;


--
-- Name: app_users; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.app_users (
    id text NOT NULL,
    display_name character varying(100),
    created_at timestamp without time zone DEFAULT now(),
    updated_at timestamp without time zone DEFAULT now(),
    deleted_at timestamp without time zone
);


ALTER TABLE public.app_users OWNER TO postgres;

--
-- Name: communities; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.communities (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name character varying(100) NOT NULL,
    description text,
    min_trust_to_award_trust jsonb DEFAULT '{"type": "number", "value": 15}'::jsonb NOT NULL,
    trust_titles jsonb DEFAULT '{"titles": [{"name": "New", "minScore": 0}, {"name": "Stable", "minScore": 10}, {"name": "Trusted", "minScore": 50}]}'::jsonb,
    min_trust_for_wealth jsonb DEFAULT '{"type": "number", "value": 10}'::jsonb NOT NULL,
    non_contribution_threshold_days integer DEFAULT 30,
    dashboard_refresh_interval integer DEFAULT 3600,
    metric_visibility_settings jsonb DEFAULT '{"showActiveMembers": true, "showWealthGeneration": true}'::jsonb,
    dispute_handling_councils jsonb DEFAULT '[]'::jsonb,
    created_by text,
    created_at timestamp without time zone DEFAULT now(),
    updated_at timestamp without time zone DEFAULT now(),
    deleted_at timestamp without time zone
);


ALTER TABLE public.communities OWNER TO postgres;

--
-- Name: legacy; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.legacy (
    id integer NOT NULL,
    note character varying(20) DEFAULT 'x'::character varying,
    amount numeric(8,2) DEFAULT 0.5,
    CONSTRAINT legacy_amount_check CHECK ((amount > (0)::numeric))
);


ALTER TABLE public.legacy OWNER TO postgres;

--
-- Name: TABLE legacy; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TABLE public.legacy IS 'old stuff';


--
-- Name: COLUMN legacy.note; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON COLUMN public.legacy.note IS 'multi
line';


--
-- Name: legacy_child; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.legacy_child (
    extra text
)
INHERITS (public.legacy);


ALTER TABLE public.legacy_child OWNER TO postgres;

--
-- Name: legacy_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public.legacy_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.legacy_id_seq OWNER TO postgres;

--
-- Name: legacy_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public.legacy_id_seq OWNED BY public.legacy.id;


--
-- Name: legacy_totals; Type: MATERIALIZED VIEW; Schema: public; Owner: postgres
--

CREATE MATERIALIZED VIEW public.legacy_totals AS
 SELECT legacy.note,
    sum(legacy.amount) AS total
   FROM public.legacy
  GROUP BY legacy.note
  WITH NO DATA;


ALTER TABLE public.legacy_totals OWNER TO postgres;

--
-- Name: measurements; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.measurements (
    id bigint NOT NULL,
    taken_at timestamp with time zone NOT NULL,
    v double precision
)
PARTITION BY RANGE (taken_at);


ALTER TABLE public.measurements OWNER TO postgres;

--
-- Name: measurements_2024; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.measurements_2024 (
    id bigint NOT NULL,
    taken_at timestamp with time zone NOT NULL,
    v double precision
);


ALTER TABLE public.measurements_2024 OWNER TO postgres;

--
-- Name: measurements_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

ALTER TABLE public.measurements ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.measurements_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: resource_memberships; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.resource_memberships (
    resource_id uuid NOT NULL,
    resource_type text NOT NULL,
    user_id text NOT NULL,
    role text NOT NULL,
    created_at timestamp without time zone DEFAULT now(),
    updated_at timestamp without time zone DEFAULT now(),
    deleted_at timestamp without time zone
);


ALTER TABLE public.resource_memberships OWNER TO postgres;

--
-- Name: scratch; Type: TABLE; Schema: public; Owner: postgres
--

CREATE UNLOGGED TABLE public.scratch (
    a integer
);


ALTER TABLE public.scratch OWNER TO postgres;

--
-- Name: standalone_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public.standalone_seq
    START WITH 100
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.standalone_seq OWNER TO postgres;

--
-- Name: suppliers; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.suppliers (
    id integer NOT NULL,
    name text NOT NULL,
    email character varying(320) COLLATE pg_catalog."C",
    rating real DEFAULT 3.5 NOT NULL,
    active boolean DEFAULT true NOT NULL,
    notes text DEFAULT 'line1
line2'::text,
    website text DEFAULT 'https://example.com/'::text,
    country character(2) DEFAULT 'NL'::bpchar NOT NULL
);


ALTER TABLE public.suppliers OWNER TO postgres;

--
-- Name: suppliers_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public.suppliers_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.suppliers_id_seq OWNER TO postgres;

--
-- Name: suppliers_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public.suppliers_id_seq OWNED BY public.suppliers.id;


--
-- Name: trust_awards; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.trust_awards (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    community_id uuid NOT NULL,
    from_user_id text NOT NULL,
    to_user_id text NOT NULL,
    created_at timestamp without time zone DEFAULT now(),
    deleted_at timestamp without time zone
);


ALTER TABLE public.trust_awards OWNER TO postgres;

--
-- Name: uses_domain; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.uses_domain (
    v public.posint,
    b bit(3),
    tsv tsvector,
    ip inet,
    c cidr,
    arr2 integer[],
    js json DEFAULT '[1,2]'::json,
    u uuid DEFAULT gen_random_uuid(),
    t time(3) with time zone
);


ALTER TABLE public.uses_domain OWNER TO postgres;

--
-- Name: uses_seq; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.uses_seq (
    n bigint DEFAULT nextval('public.standalone_seq'::regclass)
);


ALTER TABLE public.uses_seq OWNER TO postgres;

--
-- Name: wealth; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.wealth (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    community_id uuid NOT NULL,
    created_by text NOT NULL,
    title character varying(200) NOT NULL,
    description text,
    type public.wealth_type NOT NULL,
    status public.wealth_status DEFAULT 'active'::public.wealth_status NOT NULL,
    quantity integer,
    target_type text NOT NULL,
    target_id uuid,
    min_trust_required integer,
    expires_at timestamp without time zone,
    created_at timestamp without time zone DEFAULT now(),
    updated_at timestamp without time zone DEFAULT now(),
    deleted_at timestamp without time zone
);


ALTER TABLE public.wealth OWNER TO postgres;

--
-- Name: measurements_2024; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.measurements ATTACH PARTITION public.measurements_2024 FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00');


--
-- Name: warehouses id; Type: DEFAULT; Schema: inventory; Owner: postgres
--

ALTER TABLE ONLY inventory.warehouses ALTER COLUMN id SET DEFAULT nextval('inventory.warehouses_id_seq'::regclass);


--
-- Name: legacy id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.legacy ALTER COLUMN id SET DEFAULT nextval('public.legacy_id_seq'::regclass);


--
-- Name: legacy_child id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.legacy_child ALTER COLUMN id SET DEFAULT nextval('public.legacy_id_seq'::regclass);


--
-- Name: legacy_child note; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.legacy_child ALTER COLUMN note SET DEFAULT 'x'::character varying;


--
-- Name: legacy_child amount; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.legacy_child ALTER COLUMN amount SET DEFAULT 0.5;


--
-- Name: suppliers id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.suppliers ALTER COLUMN id SET DEFAULT nextval('public.suppliers_id_seq'::regclass);


--
-- Name: products products_pkey; Type: CONSTRAINT; Schema: inventory; Owner: postgres
--

ALTER TABLE ONLY inventory.products
    ADD CONSTRAINT products_pkey PRIMARY KEY (id);


--
-- Name: products products_sku_Display Name_key; Type: CONSTRAINT; Schema: inventory; Owner: postgres
--

ALTER TABLE ONLY inventory.products
    ADD CONSTRAINT "products_sku_Display Name_key" UNIQUE (sku, "Display Name");


--
-- Name: products products_sku_key; Type: CONSTRAINT; Schema: inventory; Owner: postgres
--

ALTER TABLE ONLY inventory.products
    ADD CONSTRAINT products_sku_key UNIQUE NULLS NOT DISTINCT (sku);


--
-- Name: stock stock_pkey; Type: CONSTRAINT; Schema: inventory; Owner: postgres
--

ALTER TABLE ONLY inventory.stock
    ADD CONSTRAINT stock_pkey PRIMARY KEY (warehouse_id, product_id);


--
-- Name: warehouses warehouses_code_key; Type: CONSTRAINT; Schema: inventory; Owner: postgres
--

ALTER TABLE ONLY inventory.warehouses
    ADD CONSTRAINT warehouses_code_key UNIQUE (code);


--
-- Name: warehouses warehouses_pkey; Type: CONSTRAINT; Schema: inventory; Owner: postgres
--

ALTER TABLE ONLY inventory.warehouses
    ADD CONSTRAINT warehouses_pkey PRIMARY KEY (id);


--
-- Name: app_users app_users_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.app_users
    ADD CONSTRAINT app_users_pkey PRIMARY KEY (id);


--
-- Name: communities communities_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.communities
    ADD CONSTRAINT communities_pkey PRIMARY KEY (id);


--
-- Name: legacy legacy_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.legacy
    ADD CONSTRAINT legacy_pkey PRIMARY KEY (id);


--
-- Name: measurements measurements_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.measurements
    ADD CONSTRAINT measurements_pkey PRIMARY KEY (id, taken_at);


--
-- Name: measurements_2024 measurements_2024_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.measurements_2024
    ADD CONSTRAINT measurements_2024_pkey PRIMARY KEY (id, taken_at);


--
-- Name: resource_memberships resource_memberships_resource_id_resource_type_user_id_pk; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.resource_memberships
    ADD CONSTRAINT resource_memberships_resource_id_resource_type_user_id_pk PRIMARY KEY (resource_id, resource_type, user_id);


--
-- Name: suppliers suppliers_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.suppliers
    ADD CONSTRAINT suppliers_pkey PRIMARY KEY (id);


--
-- Name: trust_awards trust_awards_community_id_from_user_id_to_user_id_unique; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.trust_awards
    ADD CONSTRAINT trust_awards_community_id_from_user_id_to_user_id_unique UNIQUE (community_id, from_user_id, to_user_id);


--
-- Name: trust_awards trust_awards_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.trust_awards
    ADD CONSTRAINT trust_awards_pkey PRIMARY KEY (id);


--
-- Name: wealth wealth_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.wealth
    ADD CONSTRAINT wealth_pkey PRIMARY KEY (id);


--
-- Name: products_attr_hash; Type: INDEX; Schema: inventory; Owner: postgres
--

CREATE INDEX products_attr_hash ON inventory.products USING hash (((attributes ->> 'color'::text)));


--
-- Name: products_lower_sku_idx; Type: INDEX; Schema: inventory; Owner: postgres
--

CREATE UNIQUE INDEX products_lower_sku_idx ON inventory.products USING btree (lower(sku)) INCLUDE (id);


--
-- Name: products_search_idx; Type: INDEX; Schema: inventory; Owner: postgres
--

CREATE INDEX products_search_idx ON inventory.products USING gist (search);


--
-- Name: products_tags_gin; Type: INDEX; Schema: inventory; Owner: postgres
--

CREATE INDEX products_tags_gin ON inventory.products USING gin (tags);


--
-- Name: INDEX products_tags_gin; Type: COMMENT; Schema: inventory; Owner: postgres
--

COMMENT ON INDEX inventory.products_tags_gin IS 'tag search';


--
-- Name: stock_updated_at_idx; Type: INDEX; Schema: inventory; Owner: postgres
--

CREATE INDEX stock_updated_at_idx ON inventory.stock USING btree (updated_at DESC) WHERE (quantity > 0);


--
-- Name: communities_name_lower_index; Type: INDEX; Schema: public; Owner: postgres
--

CREATE UNIQUE INDEX communities_name_lower_index ON public.communities USING btree (lower((name)::text));


--
-- Name: legacy_totals_note_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE UNIQUE INDEX legacy_totals_note_idx ON public.legacy_totals USING btree (note);


--
-- Name: measurements_taken_at_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX measurements_taken_at_idx ON ONLY public.measurements USING btree (taken_at DESC);


--
-- Name: measurements_2024_taken_at_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX measurements_2024_taken_at_idx ON public.measurements_2024 USING btree (taken_at DESC);


--
-- Name: wealth_community_id_index; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX wealth_community_id_index ON public.wealth USING btree (community_id);


--
-- Name: wealth_status_index; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX wealth_status_index ON public.wealth USING btree (status) WHERE (deleted_at IS NULL);


--
-- Name: measurements_2024_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.measurements_pkey ATTACH PARTITION public.measurements_2024_pkey;


--
-- Name: measurements_2024_taken_at_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.measurements_taken_at_idx ATTACH PARTITION public.measurements_2024_taken_at_idx;


--
-- Name: legacy legacy_touch; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER legacy_touch BEFORE UPDATE ON public.legacy FOR EACH ROW EXECUTE FUNCTION public.touch();


--
-- Name: stock stock_product_id_fkey; Type: FK CONSTRAINT; Schema: inventory; Owner: postgres
--

ALTER TABLE ONLY inventory.stock
    ADD CONSTRAINT stock_product_id_fkey FOREIGN KEY (product_id) REFERENCES inventory.products(id) ON DELETE RESTRICT DEFERRABLE INITIALLY DEFERRED;


--
-- Name: stock stock_warehouse_id_fkey; Type: FK CONSTRAINT; Schema: inventory; Owner: postgres
--

ALTER TABLE ONLY inventory.stock
    ADD CONSTRAINT stock_warehouse_id_fkey FOREIGN KEY (warehouse_id) REFERENCES inventory.warehouses(id) ON DELETE CASCADE;


--
-- Name: resource_memberships resource_memberships_resource_id_communities_id_fk; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.resource_memberships
    ADD CONSTRAINT resource_memberships_resource_id_communities_id_fk FOREIGN KEY (resource_id) REFERENCES public.communities(id) ON DELETE CASCADE;


--
-- Name: resource_memberships resource_memberships_user_id_app_users_id_fk; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.resource_memberships
    ADD CONSTRAINT resource_memberships_user_id_app_users_id_fk FOREIGN KEY (user_id) REFERENCES public.app_users(id) ON DELETE CASCADE;


--
-- Name: trust_awards trust_awards_community_id_communities_id_fk; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.trust_awards
    ADD CONSTRAINT trust_awards_community_id_communities_id_fk FOREIGN KEY (community_id) REFERENCES public.communities(id) ON DELETE CASCADE;


--
-- Name: trust_awards trust_awards_from_user_id_app_users_id_fk; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.trust_awards
    ADD CONSTRAINT trust_awards_from_user_id_app_users_id_fk FOREIGN KEY (from_user_id) REFERENCES public.app_users(id) ON DELETE CASCADE;


--
-- Name: trust_awards trust_awards_to_user_id_app_users_id_fk; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.trust_awards
    ADD CONSTRAINT trust_awards_to_user_id_app_users_id_fk FOREIGN KEY (to_user_id) REFERENCES public.app_users(id) ON DELETE CASCADE;


--
-- Name: wealth wealth_community_id_communities_id_fk; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.wealth
    ADD CONSTRAINT wealth_community_id_communities_id_fk FOREIGN KEY (community_id) REFERENCES public.communities(id) ON DELETE CASCADE;


--
-- Name: wealth wealth_created_by_app_users_id_fk; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.wealth
    ADD CONSTRAINT wealth_created_by_app_users_id_fk FOREIGN KEY (created_by) REFERENCES public.app_users(id);


--
-- Name: legacy; Type: ROW SECURITY; Schema: public; Owner: postgres
--

ALTER TABLE public.legacy ENABLE ROW LEVEL SECURITY;

--
-- Name: legacy p; Type: POLICY; Schema: public; Owner: postgres
--

CREATE POLICY p ON public.legacy USING (true);


--
-- Name: TABLE legacy; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.legacy TO app_readonly;


--
-- PostgreSQL database dump complete
--

\unrestrict cWLsjxQWSAGSYnMArOtYC5XrkGqMG0ZWLHm5KCQXbTKcHg2aVjAmdKSsg1wonRA

