CREATE SCHEMA audit;
CREATE TYPE audit.level AS ENUM ('low', 'high');
CREATE TYPE public.level AS ENUM ('a', 'b');
CREATE TYPE public.nothing AS ENUM ();
CREATE TABLE "delete" (
    "class" integer PRIMARY KEY,
    "naïve" text DEFAULT 'x',
    cfg jsonb DEFAULT '{"b": 1, "10": 2, "2": [1.5, "a"], "__proto__": null}'::jsonb,
    big bigint DEFAULT 9007199254740993,
    f double precision DEFAULT 0.001,
    t text DEFAULT 'a${b}`c\d',
    lvl level DEFAULT 'a',
    created date DEFAULT CURRENT_DATE,
    at timestamp with time zone DEFAULT '2020-01-01 00:00:00+00',
    flag boolean DEFAULT true,
    n numeric(12, 4) DEFAULT 0.5,
    nada nothing
);
CREATE TABLE audit.users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    lvl audit.level NOT NULL DEFAULT 'low',
    levels audit.level[],
    owner integer,
    CONSTRAINT users_owner_fk FOREIGN KEY (owner) REFERENCES "delete" ("class") ON DELETE CASCADE
);
CREATE TABLE public.users (
    id serial PRIMARY KEY,
    name text,
    audit_id uuid,
    CONSTRAINT users_name_check CHECK (name <> '')
);
ALTER TABLE public.users ADD CONSTRAINT users_audit_id_users_id_fk FOREIGN KEY (audit_id) REFERENCES audit.users (id);
CREATE INDEX users_lower_name ON public.users (lower(name) DESC NULLS LAST);
CREATE INDEX users_name_pattern ON public.users (lower(name) text_pattern_ops);
CREATE UNIQUE INDEX users_name_key2 ON public.users (name) WHERE name IS NOT NULL;
CREATE VIEW audit.names AS SELECT name FROM public.users;
