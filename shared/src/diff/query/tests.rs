use super::view_definition_key;
use crate::import::import_sql;
use crate::model::Schema;

fn schema(sql: &str) -> Schema {
    let r = import_sql(sql);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    r.document.schema
}

const TABLES: &str = "CREATE TYPE mood AS ENUM ('happy', 'sad');
    CREATE TABLE t (id bigint PRIMARY KEY, name varchar(50), price numeric, qty int,
        status text, m mood, created_at timestamp, born date);
    CREATE TABLE u (id int, t_id bigint, note text);";

/// The key of `query` as a view `v` over [`TABLES`].
fn key(query: &str) -> String {
    key_with(TABLES, query, "")
}

fn key_with(tables: &str, query: &str, columns: &str) -> String {
    let s = schema(&format!("{tables}\nCREATE VIEW v{columns} AS {query};"));
    let v = s.views.iter().find(|v| v.name == "v").unwrap();
    view_definition_key(&s, v, None).unwrap_or_else(|| panic!("no key for {query}"))
}

fn same(design: &str, postgres: &str) {
    assert_eq!(key(design), key(postgres), "\n{design}\nvs\n{postgres}");
}

fn differ(a: &str, b: &str) {
    assert_ne!(key(a), key(b), "\n{a}\nvs\n{b}");
}

#[test]
fn star_expands_to_the_columns() {
    same(
        "SELECT * FROM t",
        "SELECT t.id, t.name, t.price, t.qty, t.status, t.m, t.created_at, t.born FROM t",
    );
    same(
        "SELECT u.*, t.name FROM t JOIN u ON u.t_id = t.id",
        "SELECT u.id, u.t_id, u.note, t.name FROM (t JOIN u ON ((u.t_id = t.id)))",
    );
    // A column fewer is another view.
    differ(
        "SELECT * FROM t",
        "SELECT t.id, t.name, t.price, t.qty, t.status, t.m, t.created_at FROM t",
    );
}

#[test]
fn casts_meet_postgres_spelling() {
    same(
        "SELECT id::int * 2, name, qty * 1.5 AS x, qty::numeric / 2 AS y FROM t \
         WHERE name = 'x' AND price > 0 AND status IN ('a','b') AND name LIKE 'a%'",
        "SELECT ((t.id)::integer * 2) AS \"?column?\", t.name, ((t.qty)::numeric * 1.5) AS x, \
         ((t.qty)::numeric / (2)::numeric) AS y FROM t WHERE (((t.name)::text = 'x'::text) \
         AND (t.price > (0)::numeric) AND (t.status = ANY (ARRAY['a'::text, 'b'::text])) \
         AND ((t.name)::text ~~ 'a%'::text));",
    );
    same(
        "SELECT t.id, u.note, t.name || 'x' AS nn, coalesce(name, '') AS c, 'lit' AS l, \
         1 AS one, -1 AS neg, true AS b, count(*) OVER (PARTITION BY status) \
         FROM t JOIN u ON u.t_id = t.id",
        "SELECT t.id, u.note, ((t.name)::text || 'x'::text) AS nn, \
         COALESCE(t.name, ''::character varying) AS c, 'lit'::text AS l, 1 AS one, \
         '-1'::integer AS neg, true AS b, count(*) OVER (PARTITION BY t.status) AS count \
         FROM (t JOIN u ON ((u.t_id = t.id)));",
    );
    same("SELECT qty::int4 AS q FROM t", "SELECT t.qty AS q FROM t");
    same("SELECT id::int8 AS a FROM t", "SELECT t.id AS a FROM t");
    same(
        "SELECT length(name) AS l, created_at > now() - interval '1 day' AS recent, \
         CASE WHEN qty > 1 THEN 'many' ELSE 'few' END AS k FROM t",
        "SELECT length((t.name)::text) AS l, (t.created_at > (now() - '1 day'::interval)) \
         AS recent, CASE WHEN (t.qty > 1) THEN 'many'::text ELSE 'few'::text END AS k FROM t;",
    );
    same(
        "SELECT id FROM t WHERE m = 'happy'",
        "SELECT t.id FROM t WHERE (t.m = 'happy'::mood)",
    );
    same(
        "SELECT id FROM t WHERE qty BETWEEN 1 AND 5",
        "SELECT t.id FROM t WHERE ((t.qty >= 1) AND (t.qty <= 5))",
    );
}

#[test]
fn casts_that_change_something_still_count() {
    // Integer division against numeric division.
    differ(
        "SELECT qty / 2 AS y FROM t",
        "SELECT qty::numeric / 2 AS y FROM t",
    );
    differ(
        "SELECT qty / 2 AS y FROM t",
        "SELECT ((t.qty)::numeric / (2)::numeric) AS y FROM t",
    );
    // The column's type.
    differ("SELECT id::int AS i FROM t", "SELECT id AS i FROM t");
    differ("SELECT qty::bigint AS q FROM t", "SELECT qty AS q FROM t");
    differ("SELECT name::text AS n FROM t", "SELECT name AS n FROM t");
    differ(
        "SELECT name::varchar(10) AS n FROM t",
        "SELECT name AS n FROM t",
    );
    differ("SELECT '5'::int AS x FROM t", "SELECT '5' AS x FROM t");
    // Comparing an enum as text is another comparison.
    differ(
        "SELECT id FROM t WHERE m::text = 'happy'",
        "SELECT id FROM t WHERE m = 'happy'",
    );
    differ(
        "SELECT id FROM t WHERE price > 0",
        "SELECT id FROM t WHERE price > 1",
    );
    differ(
        "SELECT id FROM t WHERE status = 'A'",
        "SELECT id FROM t WHERE status = 'a'",
    );
}

#[test]
fn arguments_widened_to_the_function_postgres_picks() {
    same(
        "SELECT round(qty, 2) AS r, date_trunc('month', born) AS m FROM t",
        "SELECT round((t.qty)::numeric, 2) AS r, \
         date_trunc('month'::text, (t.born)::timestamp with time zone) AS m FROM t",
    );
    same(
        "SELECT round(qty::numeric, 2) AS r FROM t",
        "SELECT round((t.qty)::numeric, 2) AS r FROM t",
    );
    // Another overload, another result.
    differ(
        "SELECT date_trunc('month', born::timestamp) AS m FROM t",
        "SELECT date_trunc('month', born) AS m FROM t",
    );
    differ(
        "SELECT sum(qty::numeric) AS s FROM t",
        "SELECT sum(qty) AS s FROM t",
    );
    differ(
        "SELECT round(qty::float8) AS r FROM t",
        "SELECT round(qty::numeric) AS r FROM t",
    );
}

#[test]
fn literals_as_postgres_prints_their_values() {
    same(
        "SELECT id FROM t WHERE created_at > now() - interval '1 hour' \
         AND born < now() - interval '1 week'",
        "SELECT t.id FROM t WHERE ((t.created_at > (now() - '01:00:00'::interval)) \
         AND (t.born < (now() - '7 days'::interval)))",
    );
    differ(
        "SELECT id FROM t WHERE created_at > now() - interval '1 hour'",
        "SELECT id FROM t WHERE created_at > now() - interval '2 hours'",
    );
    let tables = "CREATE TABLE d (id int, doc jsonb, tags text[]);";
    assert_eq!(
        key_with(
            tables,
            "SELECT id FROM d WHERE doc @> '{\"b\":1,\"a\":[1,2]}'",
            ""
        ),
        key_with(
            tables,
            "SELECT d.id FROM d WHERE (d.doc @> '{\"a\": [1, 2], \"b\": 1}'::jsonb)",
            ""
        )
    );
    assert_ne!(
        key_with(tables, "SELECT id FROM d WHERE doc @> '{\"a\":1}'", ""),
        key_with(tables, "SELECT id FROM d WHERE doc @> '{\"a\":2}'", "")
    );
    assert_eq!(
        key_with(
            tables,
            "SELECT doc->>'a' AS a, 'y' = ANY(tags) AS y FROM d",
            ""
        ),
        key_with(
            tables,
            "SELECT (d.doc ->> 'a'::text) AS a, ('y'::text = ANY (d.tags)) AS y FROM d",
            ""
        )
    );
}

#[test]
fn postgres_rewrites_of_conditions_and_clauses() {
    same(
        "SELECT id, CASE WHEN qty > 1 THEN 'many' END AS k FROM t \
         WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.t_id = t.id) \
         AND id NOT IN (SELECT t_id FROM u)",
        "SELECT t.id, CASE WHEN (t.qty > 1) THEN 'many'::text ELSE NULL::text END AS k FROM t \
         WHERE ((NOT (EXISTS ( SELECT 1 FROM u WHERE (u.t_id = t.id)))) \
         AND (NOT (t.id IN ( SELECT u.t_id FROM u))))",
    );
    differ(
        "SELECT id FROM t WHERE id NOT IN (SELECT t_id FROM u)",
        "SELECT id FROM t WHERE id IN (SELECT t_id FROM u)",
    );
    same(
        "SELECT id, rank() OVER w AS r FROM t WINDOW w AS (ORDER BY price)",
        "SELECT t.id, rank() OVER w AS r FROM t WINDOW w AS (ORDER BY t.price)",
    );
    same(
        "SELECT coalesce(name, status, 'none') AS label FROM t",
        "SELECT COALESCE((t.name)::text, t.status, 'none'::text) AS label FROM t",
    );
    same(
        "SELECT n FROM generate_series(1, 3) n",
        "SELECT n.n FROM generate_series(1, 3) n(n)",
    );
}

#[test]
fn names_aliases_and_qualifiers() {
    same("SELECT id AS id FROM t", "SELECT t.id FROM t");
    same("SELECT x.id FROM t AS x", "SELECT y.id FROM t y");
    same("SELECT id FROM public.t", "SELECT t.id FROM t");
    same("SELECT count(*) FROM t", "SELECT count(*) AS count FROM t");
    differ("SELECT id FROM t", "SELECT id AS ident FROM t");
    differ("SELECT id, name FROM t", "SELECT name, id FROM t");
    // Which table a column comes from.
    differ(
        "SELECT t.id FROM t JOIN u ON u.t_id = t.id",
        "SELECT u.id FROM t JOIN u ON u.t_id = t.id",
    );
    same(
        "SELECT note, name FROM t JOIN u ON t_id = t.id",
        "SELECT u.note, t.name FROM (t JOIN u ON ((u.t_id = t.id)))",
    );
    same(
        "SELECT a.id, b.id AS bid FROM t a, t b",
        "SELECT x.id, y.id AS bid FROM t x, t y",
    );
    differ(
        "SELECT a.id, b.id AS bid FROM t a, t b",
        "SELECT b.id, a.id AS bid FROM t a, t b",
    );
}

#[test]
fn column_lists_become_aliases() {
    assert_eq!(
        key_with(TABLES, "SELECT id, name FROM t", " (a, b)"),
        key("SELECT t.id AS a, t.name AS b FROM t")
    );
    assert_ne!(
        key_with(TABLES, "SELECT id, name FROM t", " (a, c)"),
        key("SELECT t.id AS a, t.name AS b FROM t")
    );
}

#[test]
fn order_group_limit() {
    same(
        "SELECT status, count(*) FROM t GROUP BY 1 ORDER BY 2 DESC",
        "SELECT t.status, count(*) AS count FROM t GROUP BY t.status ORDER BY (count(*)) DESC",
    );
    same(
        "SELECT id FROM t ORDER BY name ASC NULLS LAST FETCH FIRST 5 ROWS ONLY",
        "SELECT t.id FROM t ORDER BY t.name LIMIT 5",
    );
    differ(
        "SELECT id FROM t ORDER BY name",
        "SELECT id FROM t ORDER BY name DESC",
    );
    differ("SELECT id FROM t LIMIT 5", "SELECT id FROM t LIMIT 6");
}

#[test]
fn subqueries_and_correlation() {
    same(
        "SELECT x.id, (SELECT count(*) FROM u WHERE u.t_id = x.id) AS cnt FROM t x \
         WHERE EXISTS (SELECT 1 FROM u WHERE t_id = x.id) ORDER BY name LIMIT 5",
        "SELECT x.id, ( SELECT count(*) AS count FROM u WHERE (u.t_id = x.id)) AS cnt \
         FROM t x WHERE (EXISTS ( SELECT 1 FROM u WHERE (u.t_id = x.id))) \
         ORDER BY x.name LIMIT 5;",
    );
    differ(
        "SELECT id FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.t_id = t.id)",
        "SELECT id FROM t WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.t_id = t.id)",
    );
}

#[test]
fn recursive_and_set_operations() {
    same(
        "WITH RECURSIVE r(n) AS (VALUES (1) UNION ALL SELECT n+1 FROM r WHERE n < 100) \
         SELECT n FROM r",
        "WITH RECURSIVE r(n) AS ( VALUES (1) UNION ALL SELECT (r_1.n + 1) FROM r r_1 \
         WHERE (r_1.n < 100)) SELECT r.n FROM r;",
    );
    differ(
        "WITH RECURSIVE r(n) AS (VALUES (1) UNION ALL SELECT n+1 FROM r WHERE n < 100) \
         SELECT n FROM r",
        "WITH RECURSIVE r(n) AS (VALUES (1) UNION ALL SELECT n+1 FROM r WHERE n < 10) \
         SELECT n FROM r",
    );
    same(
        "SELECT id FROM t UNION SELECT id FROM u",
        "SELECT t.id FROM t UNION SELECT u.id AS id FROM u",
    );
    differ(
        "SELECT id FROM t UNION SELECT id FROM u",
        "SELECT id FROM t UNION ALL SELECT id FROM u",
    );
}
