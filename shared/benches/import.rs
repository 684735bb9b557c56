//! SQL import speed on a generated 30,000-line `pg_dump --schema-only`-style file (users paste or
//! upload whole dumps; the import runs in the browser, so it has to stay interactive).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use joinery_shared::ddl::{qualified_name, render_schema};
use joinery_shared::generate::realistic_schema;
use joinery_shared::import::import_sql;
use std::hint::black_box;

const TARGET_LINES: usize = 30_000;

/// A realistic schema rendered as DDL, dressed up with what pg_dump adds around it: session
/// settings, an extension, a plpgsql function with a dollar-quoted body, and per table an owner,
/// a grant, a trigger and a comment block.
fn pg_dump_file(tables: usize) -> String {
    let doc = realistic_schema(7, tables, 15);
    let mut out = String::from(
        "--\n-- PostgreSQL database dump\n--\n\nSET statement_timeout = 0;\nSET lock_timeout = 0;\n\
         SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n\
         SELECT pg_catalog.set_config('search_path', '', false);\nSET check_function_bodies = false;\n\n\
         CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;\n\n\
         CREATE FUNCTION public.touch() RETURNS trigger\n    LANGUAGE plpgsql\n    AS $$\nBEGIN\n    \
         NEW.updated_at := now();\n    RETURN NEW;\nEND;\n$$;\n\n\
         ALTER FUNCTION public.touch() OWNER TO app;\n\n",
    );
    out.push_str(&render_schema(&doc.schema));
    for t in &doc.schema.tables {
        let q = qualified_name(&t.schema, &t.name);
        out.push_str(&format!(
            "\n--\n-- Name: {name}; Type: TABLE; Schema: {schema}; Owner: app\n--\n\n\
             ALTER TABLE {q} OWNER TO app;\n\nGRANT SELECT ON TABLE {q} TO app_readonly;\n\n\
             CREATE TRIGGER {name}_touch BEFORE UPDATE ON {q} FOR EACH ROW EXECUTE FUNCTION public.touch();\n",
            name = t.name,
            schema = t.schema,
        ));
    }
    out
}

fn bench(c: &mut Criterion) {
    let mut tables = 100;
    let mut text = pg_dump_file(tables);
    while text.lines().count() < TARGET_LINES {
        tables += 25;
        text = pg_dump_file(tables);
    }
    let result = import_sql(&text);
    eprintln!(
        "import bench input: {} lines, {} bytes, {} tables; imported {} tables, {} warnings, {} errors",
        text.lines().count(),
        text.len(),
        tables,
        result.document.schema.tables.len(),
        result.warnings.len(),
        result.errors.len()
    );
    assert!(result.errors.is_empty(), "{:?}", &result.errors[..1]);

    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("pg_dump_30k_lines", |b| {
        b.iter(|| import_sql(black_box(&text)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
