--
-- PostgreSQL database dump
--

\restrict Qx9fPzR2bM1vLw7kT3yH

-- Dumped from database version 16.4 (Debian 16.4-1.pgdg120+1)
-- Dumped by pg_dump version 16.4 (Debian 16.4-1.pgdg120+1)

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
-- Name: auth; Type: SCHEMA; Schema: -; Owner: app
--

CREATE SCHEMA auth;


ALTER SCHEMA auth OWNER TO app;

--
-- Name: billing; Type: SCHEMA; Schema: -; Owner: app
--

CREATE SCHEMA billing;


ALTER SCHEMA billing OWNER TO app;

--
-- Name: SCHEMA billing; Type: COMMENT; Schema: -; Owner: app
--

COMMENT ON SCHEMA billing IS 'Invoices and payments';


--
-- Name: citext; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;


--
-- Name: EXTENSION citext; Type: COMMENT; Schema: -; Owner: 
--

COMMENT ON EXTENSION citext IS 'data type for case-insensitive character strings';


--
-- Name: pgcrypto; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;


--
-- Name: order_status; Type: TYPE; Schema: public; Owner: app
--

CREATE TYPE public.order_status AS ENUM (
    'pending',
    'paid',
    'shipped',
    'cancelled'
);


ALTER TYPE public.order_status OWNER TO app;

--
-- Name: TYPE order_status; Type: COMMENT; Schema: public; Owner: app
--

COMMENT ON TYPE public.order_status IS 'Lifecycle of an order';


--
-- Name: role; Type: TYPE; Schema: auth; Owner: app
--

CREATE TYPE auth.role AS ENUM (
    'admin',
    'member'
);


ALTER TYPE auth.role OWNER TO app;

--
-- Name: positive_int; Type: DOMAIN; Schema: public; Owner: app
--

CREATE DOMAIN public.positive_int AS integer
	CONSTRAINT positive_int_check CHECK ((VALUE > 0));


ALTER DOMAIN public.positive_int OWNER TO app;

--
-- Name: set_updated_at(); Type: FUNCTION; Schema: public; Owner: app
--

CREATE FUNCTION public.set_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    -- keep the audit column honest; a ';' here must not end the statement
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;


ALTER FUNCTION public.set_updated_at() OWNER TO app;

--
-- Name: order_total(bigint); Type: FUNCTION; Schema: billing; Owner: app
--

CREATE FUNCTION billing.order_total(p_order bigint) RETURNS numeric
    LANGUAGE sql STABLE
    AS $_$
    SELECT coalesce(sum(quantity * unit_price), 0)
    FROM public.order_items
    WHERE order_id = $1;
$_$;


ALTER FUNCTION billing.order_total(p_order bigint) OWNER TO app;

--
-- Name: slugify(text); Type: FUNCTION; Schema: public; Owner: app
--

CREATE FUNCTION public.slugify(value text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    BEGIN ATOMIC
 SELECT lower(regexp_replace(value, '[^a-z0-9]+'::text, '-'::text, 'g'::text)) AS lower;
END;


ALTER FUNCTION public.slugify(value text) OWNER TO app;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: users; Type: TABLE; Schema: auth; Owner: app
--

CREATE TABLE auth.users (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    email public.citext NOT NULL,
    display_name character varying(100),
    role auth.role DEFAULT 'member'::auth.role NOT NULL,
    settings jsonb DEFAULT '{"theme": "light", "digest": true}'::jsonb NOT NULL,
    tags text[] DEFAULT '{}'::text[] NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone
);


ALTER TABLE auth.users OWNER TO app;

--
-- Name: TABLE users; Type: COMMENT; Schema: auth; Owner: app
--

COMMENT ON TABLE auth.users IS 'Application accounts; soft-deleted via deleted_at';


--
-- Name: COLUMN users.email; Type: COMMENT; Schema: auth; Owner: app
--

COMMENT ON COLUMN auth.users.email IS 'Login e-mail, case-insensitive';


--
-- Name: customers; Type: TABLE; Schema: public; Owner: app
--

CREATE TABLE public.customers (
    id integer NOT NULL,
    user_id uuid,
    name text NOT NULL,
    region character(2) DEFAULT 'EU'::bpchar NOT NULL,
    credit_limit numeric(12,2) DEFAULT 0 NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    CONSTRAINT customers_credit_limit_check CHECK ((credit_limit >= (0)::numeric))
);


ALTER TABLE public.customers OWNER TO app;

--
-- Name: customers_id_seq; Type: SEQUENCE; Schema: public; Owner: app
--

CREATE SEQUENCE public.customers_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER SEQUENCE public.customers_id_seq OWNER TO app;

--
-- Name: customers_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: app
--

ALTER SEQUENCE public.customers_id_seq OWNED BY public.customers.id;


--
-- Name: invoice_number_seq; Type: SEQUENCE; Schema: billing; Owner: app
--

CREATE SEQUENCE billing.invoice_number_seq
    START WITH 1000
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER SEQUENCE billing.invoice_number_seq OWNER TO app;

--
-- Name: invoices; Type: TABLE; Schema: billing; Owner: app
--

CREATE TABLE billing.invoices (
    id bigint NOT NULL,
    number bigint DEFAULT nextval('billing.invoice_number_seq'::regclass) NOT NULL,
    customer_id integer NOT NULL,
    customer_region character(2) NOT NULL,
    issued_on date DEFAULT CURRENT_DATE NOT NULL,
    amount numeric(12,2) NOT NULL,
    tax numeric(12,2) GENERATED ALWAYS AS ((amount * 0.2)) STORED,
    memo text
);


ALTER TABLE billing.invoices OWNER TO app;

--
-- Name: invoices_id_seq; Type: SEQUENCE; Schema: billing; Owner: app
--

ALTER TABLE billing.invoices ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME billing.invoices_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: orders; Type: TABLE; Schema: public; Owner: app
--

CREATE TABLE public.orders (
    id bigint NOT NULL,
    customer_id integer NOT NULL,
    status public.order_status DEFAULT 'pending'::public.order_status NOT NULL,
    placed_at timestamp without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    note text DEFAULT ''::text,
    "Legacy Code" character varying(20),
    metadata jsonb DEFAULT '{}'::jsonb
)
PARTITION BY RANGE (placed_at);


ALTER TABLE public.orders OWNER TO app;

--
-- Name: orders_2024; Type: TABLE; Schema: public; Owner: app
--

CREATE TABLE public.orders_2024 (
    id bigint NOT NULL,
    customer_id integer NOT NULL,
    status public.order_status DEFAULT 'pending'::public.order_status NOT NULL,
    placed_at timestamp without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    note text DEFAULT ''::text,
    "Legacy Code" character varying(20),
    metadata jsonb DEFAULT '{}'::jsonb
);
ALTER TABLE ONLY public.orders ATTACH PARTITION public.orders_2024 FOR VALUES FROM ('2024-01-01 00:00:00') TO ('2025-01-01 00:00:00');


ALTER TABLE public.orders_2024 OWNER TO app;

--
-- Name: orders_id_seq; Type: SEQUENCE; Schema: public; Owner: app
--

ALTER TABLE public.orders ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.orders_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: order_items; Type: TABLE; Schema: public; Owner: app
--

CREATE TABLE public.order_items (
    order_id bigint NOT NULL,
    line_no smallint NOT NULL,
    product_code text NOT NULL,
    quantity integer DEFAULT 1 NOT NULL,
    unit_price numeric(10,2) NOT NULL,
    CONSTRAINT order_items_quantity_check CHECK ((quantity > 0))
);


ALTER TABLE public.order_items OWNER TO app;

--
-- Name: archived_orders; Type: TABLE; Schema: public; Owner: app
--

CREATE TABLE public.archived_orders (
    archived_at timestamp with time zone DEFAULT now() NOT NULL
)
INHERITS (public.orders_2024);


ALTER TABLE public.archived_orders OWNER TO app;

--
-- Name: customer_totals; Type: MATERIALIZED VIEW; Schema: public; Owner: app
--

CREATE MATERIALIZED VIEW public.customer_totals AS
 SELECT c.id AS customer_id,
    c.name,
    count(o.id) AS orders
   FROM (public.customers c
     LEFT JOIN public.orders o ON ((o.customer_id = c.id)))
  GROUP BY c.id, c.name
  WITH NO DATA;


ALTER MATERIALIZED VIEW public.customer_totals OWNER TO app;

--
-- Name: active_users; Type: VIEW; Schema: auth; Owner: app
--

CREATE VIEW auth.active_users AS
 SELECT users.id,
    users.email
   FROM auth.users
  WHERE (users.deleted_at IS NULL);


ALTER VIEW auth.active_users OWNER TO app;

--
-- Name: VIEW active_users; Type: COMMENT; Schema: auth; Owner: app
--

COMMENT ON VIEW auth.active_users IS 'Users that are not soft-deleted';


--
-- Name: customers id; Type: DEFAULT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.customers ALTER COLUMN id SET DEFAULT nextval('public.customers_id_seq'::regclass);


--
-- Name: customers customers_pkey; Type: CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.customers
    ADD CONSTRAINT customers_pkey PRIMARY KEY (id);


--
-- Name: customers customers_user_id_key; Type: CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.customers
    ADD CONSTRAINT customers_user_id_key UNIQUE NULLS NOT DISTINCT (user_id);


--
-- Name: customers customers_id_region_key; Type: CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.customers
    ADD CONSTRAINT customers_id_region_key UNIQUE (id, region);


--
-- Name: invoices invoices_pkey; Type: CONSTRAINT; Schema: billing; Owner: app
--

ALTER TABLE ONLY billing.invoices
    ADD CONSTRAINT invoices_pkey PRIMARY KEY (id);


--
-- Name: order_items order_items_pkey; Type: CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.order_items
    ADD CONSTRAINT order_items_pkey PRIMARY KEY (order_id, line_no);


--
-- Name: orders orders_pkey; Type: CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_pkey PRIMARY KEY (id, placed_at);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: auth; Owner: app
--

ALTER TABLE ONLY auth.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);


--
-- Name: users_email_active_idx; Type: INDEX; Schema: auth; Owner: app
--

CREATE UNIQUE INDEX users_email_active_idx ON auth.users USING btree (lower((email)::text)) WHERE (deleted_at IS NULL);


--
-- Name: users_settings_idx; Type: INDEX; Schema: auth; Owner: app
--

CREATE INDEX users_settings_idx ON auth.users USING gin (settings jsonb_path_ops);


--
-- Name: orders_customer_placed_idx; Type: INDEX; Schema: public; Owner: app
--

CREATE INDEX orders_customer_placed_idx ON ONLY public.orders USING btree (customer_id, placed_at DESC NULLS LAST) INCLUDE (status);


--
-- Name: invoices_issued_brin; Type: INDEX; Schema: billing; Owner: app
--

CREATE INDEX invoices_issued_brin ON billing.invoices USING brin (issued_on);


--
-- Name: customer_totals_customer_idx; Type: INDEX; Schema: public; Owner: app
--

CREATE UNIQUE INDEX customer_totals_customer_idx ON public.customer_totals USING btree (customer_id);


--
-- Name: users set_users_updated_at; Type: TRIGGER; Schema: auth; Owner: app
--

CREATE TRIGGER set_users_updated_at BEFORE UPDATE ON auth.users FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: customers customers_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.customers
    ADD CONSTRAINT customers_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE SET NULL;


--
-- Name: invoices invoices_customer_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: app
--

ALTER TABLE ONLY billing.invoices
    ADD CONSTRAINT invoices_customer_fkey FOREIGN KEY (customer_id, customer_region) REFERENCES public.customers(id, region) ON UPDATE CASCADE ON DELETE RESTRICT DEFERRABLE INITIALLY DEFERRED;


--
-- Name: order_items order_items_order_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: app
--

ALTER TABLE ONLY public.order_items
    ADD CONSTRAINT order_items_order_id_fkey FOREIGN KEY (order_id) REFERENCES public.orders_2024(id) ON DELETE CASCADE NOT VALID;


--
-- Name: orders; Type: ROW SECURITY; Schema: public; Owner: app
--

ALTER TABLE public.orders ENABLE ROW LEVEL SECURITY;

--
-- Name: orders orders_owner; Type: POLICY; Schema: public; Owner: app
--

CREATE POLICY orders_owner ON public.orders USING ((customer_id = (current_setting('app.customer_id'::text))::integer));


--
-- Name: SCHEMA public; Type: ACL; Schema: -; Owner: pg_database_owner
--

GRANT USAGE ON SCHEMA public TO app_readonly;


--
-- Name: TABLE orders; Type: ACL; Schema: public; Owner: app
--

GRANT SELECT ON TABLE public.orders TO app_readonly;
REVOKE ALL ON TABLE public.orders FROM PUBLIC;


--
-- Name: DEFAULT PRIVILEGES FOR TABLES; Type: DEFAULT ACL; Schema: public; Owner: app
--

ALTER DEFAULT PRIVILEGES FOR ROLE app IN SCHEMA public GRANT SELECT ON TABLES TO app_readonly;


--
-- PostgreSQL database dump complete
--

\unrestrict Qx9fPzR2bM1vLw7kT3yH

