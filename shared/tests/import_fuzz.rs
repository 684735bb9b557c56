//! The importer never panics, whatever it is given, and every diagnostic points into the input.

use joinery_shared::import::{import_sql, ImportResult};
use proptest::prelude::*;

const CORPUS: &[&str] = &[
    include_str!("../../tests/corpus/pg_dump_app.sql"),
    include_str!("../../tests/corpus/drizzle_migration.sql"),
    include_str!("../../tests/corpus/handwritten.sql"),
    include_str!("../../tests/corpus/broken.sql"),
    include_str!("../../tests/corpus/pg_dump_real_pg15.sql"),
    include_str!("../../tests/corpus/pagila_pg_dump.sql"),
    include_str!("../../tests/corpus/rails_structure.sql"),
    include_str!("../../tests/corpus/django_migrate.sql"),
    include_str!("../../tests/corpus/supabase_auth.sql"),
];

/// Imports `text` and checks that each diagnostic's line:column exists in it (a column may be one
/// past the last character, where an unexpected end of line is reported).
fn check(text: &str) -> ImportResult {
    let r = import_sql(text);
    let lines: Vec<&str> = text.split('\n').collect();
    for d in r.errors.iter().chain(r.warnings.iter()) {
        assert!(
            d.line >= 1 && d.line <= lines.len(),
            "line out of range: {d} ({} lines)",
            lines.len()
        );
        let len = lines[d.line - 1].chars().count();
        assert!(
            d.column >= 1 && d.column <= len + 1,
            "column out of range: {d} (line has {len} chars)"
        );
        assert!(!d.statement.is_empty() && !d.message.is_empty(), "{d:?}");
    }
    r
}

/// The byte offset of the `frac`-th fraction of `s`, moved back to a char boundary.
fn at(s: &str, frac: f64) -> usize {
    let mut i = ((s.len() as f64) * frac.clamp(0.0, 1.0)) as usize;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(Clone, Debug)]
enum Mutation {
    Delete(f64, f64),
    Duplicate(f64, f64, f64),
    Swap(f64, f64, f64, f64),
    Insert(f64, String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let f = || 0.0f64..1.0;
    prop_oneof![
        (f(), 0.0f64..0.05).prop_map(|(a, l)| Mutation::Delete(a, l)),
        (f(), 0.0f64..0.05, f()).prop_map(|(a, l, t)| Mutation::Duplicate(a, l, t)),
        (f(), 0.0f64..0.03, f(), 0.0f64..0.03).prop_map(|(a, l, b, m)| Mutation::Swap(a, l, b, m)),
        (
            f(),
            prop::sample::select(vec![
                "'",
                "\"",
                "$$",
                "$a$",
                "/*",
                "*/",
                "--",
                ";",
                "(",
                ")",
                "E'\\",
                "::",
                "\n",
                "BEGIN ATOMIC",
                "\\",
                "CREATE TABLE",
                "DEFAULT",
                "CHECK (",
                "é",
                "\u{0}",
            ])
            .prop_map(str::to_string)
        )
            .prop_map(|(a, s)| Mutation::Insert(a, s)),
    ]
}

fn apply(text: &str, m: &Mutation) -> String {
    match m {
        Mutation::Delete(a, l) => {
            let (s, e) = (at(text, *a), at(text, a + l));
            format!("{}{}", &text[..s], &text[e.max(s)..])
        }
        Mutation::Duplicate(a, l, t) => {
            let (s, e) = (at(text, *a), at(text, a + l));
            let piece = &text[s..e.max(s)];
            let p = at(text, *t);
            format!("{}{}{}", &text[..p], piece, &text[p..])
        }
        Mutation::Swap(a, l, b, m) => {
            let (mut s1, mut e1) = (at(text, *a), at(text, a + l));
            let (mut s2, mut e2) = (at(text, *b), at(text, b + m));
            if s2 < s1 {
                std::mem::swap(&mut s1, &mut s2);
                std::mem::swap(&mut e1, &mut e2);
            }
            if e1 > s2 {
                return text.to_string();
            }
            format!(
                "{}{}{}{}{}",
                &text[..s1],
                &text[s2..e2],
                &text[e1..s2],
                &text[s1..e1],
                &text[e2..]
            )
        }
        Mutation::Insert(a, s) => {
            let p = at(text, *a);
            format!("{}{}{}", &text[..p], s, &text[p..])
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::default())] // 256 cases; PROPTEST_CASES=n for a longer run

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        check(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn sql_like_strings_never_panic(s in "[a-zA-Z0-9_ ,;()'\"$.:*/\\-\\n\\[\\]\\\\E]{0,300}") {
        check(&s);
    }

    #[test]
    fn keyword_soup_never_panics(words in prop::collection::vec(prop::sample::select(vec![
        "CREATE", "TABLE", "INDEX", "ON", "ONLY", "ALTER", "ADD", "CONSTRAINT", "PRIMARY", "KEY",
        "FOREIGN", "REFERENCES", "UNIQUE", "CHECK", "DEFAULT", "GENERATED", "ALWAYS", "AS",
        "IDENTITY", "SEQUENCE", "NAME", "OWNED", "BY", "VIEW", "MATERIALIZED", "WITH", "NO",
        "DATA", "TYPE", "ENUM", "COMMENT", "IS", "SCHEMA", "t", "x.y", "\"Q\"", "(", ")", ",",
        ";", "'a'", "1", "::", "int", "text[]", "NULL", "NOT", "COLUMN", "SET", "DROP", "WHERE",
        "USING", "INCLUDE", "$$", "--", "/*", "*/", "\n",
    ]), 0..80)) {
        check(&words.join(" "));
    }

    #[test]
    fn mutated_corpus_never_panics(
        file in 0usize..CORPUS.len(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let mut text = CORPUS[file].to_string();
        for m in &mutations {
            text = apply(&text, m);
        }
        check(&text);
    }
}

#[test]
fn pathological_inputs() {
    let deep = format!(
        "CREATE TABLE t (a int CHECK ({}a > 0{}));",
        "(".repeat(20_000),
        ")".repeat(20_000)
    );
    check(&deep);
    let deep_default = format!(
        "CREATE TABLE t (a int DEFAULT {}1{});",
        "(".repeat(5_000),
        ")".repeat(5_000)
    );
    check(&deep_default);
    let unary = format!("CREATE TABLE t (a int DEFAULT {}1);", "-".repeat(10_000));
    check(&unary);
    let many = "CREATE TABLE t (a int);\n".repeat(2_000);
    let r = check(&many);
    assert_eq!(r.errors.len(), 1999, "each duplicate is reported");
    for s in [
        "", ";", ";;;", "\n\n", "'", "$$", "/*", "\\", "E'", "\"", "--",
    ] {
        check(s);
    }
}
