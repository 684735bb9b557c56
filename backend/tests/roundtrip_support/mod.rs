//! Shared by the round-trip tests: the loose comparison of schemas read from SQL and from
//! PostgreSQL (see `introspect_roundtrip.rs` for what is loosened and why), and applying SQL to a
//! fresh database to read it back.
#![allow(dead_code)]

use joinery_backend::introspect::{introspect_with_warnings, IntrospectOptions};
use joinery_backend::testing::TestDb;
use joinery_shared::model::{ColumnType, DefaultValue, IndexKey, NullsOrder, Schema};
use joinery_shared::naming::effective_index_name;
use sqlx::Connection;

/// Applies `sql` (psql meta-command lines such as pg_dump's `\restrict` removed) to a fresh
/// database on one connection, then reads it back. `Err` carries PostgreSQL's message.
pub async fn apply_and_introspect_sql(sql: &str) -> Result<(Schema, Vec<String>), String> {
    let db = TestDb::create().await;
    let script: String = sql
        .lines()
        .filter(|l| !l.trim_start().starts_with('\\'))
        .map(|l| format!("{l}\n"))
        .collect();
    let applied = async {
        let mut conn = sqlx::PgConnection::connect(&db.url)
            .await
            .map_err(|e| e.to_string())?;
        let r = sqlx::raw_sql(&script).execute(&mut conn).await;
        let _ = conn.close().await;
        r.map(|_| ()).map_err(|e| e.to_string())
    }
    .await;
    if let Err(e) = applied {
        db.drop_db().await;
        return Err(e);
    }
    let pool = db.pool().await;
    let got = introspect_with_warnings(&pool, &IntrospectOptions::default()).await;
    pool.close().await;
    db.drop_db().await;
    let got = got.map_err(|e| format!("introspection fails: {e}"))?;
    Ok((got.document.schema, got.warnings))
}

/// Whitespace, parentheses and casts removed, lower-cased: equal for `price > 0` and
/// `(price > (0)::numeric)`.
pub fn loosen(expr: &str) -> String {
    let squeezed: String = expr.chars().filter(|c| !c.is_whitespace()).collect();
    let mut out = String::new();
    let mut rest = squeezed.as_str();
    while let Some(i) = rest.find("::") {
        out.push_str(&rest[..i]);
        rest = &rest[i + 2..];
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '.' | '"' | '[' | ']')))
            .unwrap_or(rest.len());
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.chars()
        .filter(|c| !matches!(c, '(' | ')'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A numeric default by value: `'-1'`, `-1` and `-1.0` agree, and so do `1e-3` and `0.001`.
pub fn loose_number(text: &str) -> String {
    let unquoted = text.trim_matches('\'');
    match unquoted.parse::<f64>() {
        Ok(v) => format!("{v}"),
        Err(_) => text.to_string(),
    }
}

/// PostgreSQL's own type equivalences (see the module docs).
pub fn loose_type(ty: &ColumnType) -> ColumnType {
    match ty {
        ColumnType::Array { element } => match element.as_ref() {
            ColumnType::Array { .. } => loose_type(element),
            other => ColumnType::Array {
                element: Box::new(loose_type(other)),
            },
        },
        other => other.clone(),
    }
}

/// The schema with expression texts loosened, view queries blanked and index names made explicit.
pub fn loose(schema: &Schema) -> Schema {
    let mut s = schema.clone();
    for t in &mut s.tables {
        let snapshot = t.clone();
        for c in &mut t.columns {
            c.ty = loose_type(&c.ty);
            if let Some(g) = &mut c.generated {
                *g = loosen(g);
            }
            match &c.default {
                Some(DefaultValue::Expression(e)) => {
                    c.default = Some(DefaultValue::Expression(loose_number(&loosen(e))));
                }
                Some(DefaultValue::Number(n)) => {
                    c.default = Some(DefaultValue::Expression(loose_number(n)));
                }
                _ => {}
            }
        }
        for ck in &mut t.checks {
            ck.expression = loosen(&ck.expression);
        }
        for ix in &mut t.indexes {
            ix.name = Some(effective_index_name(&snapshot, ix));
            if let Some(p) = &mut ix.predicate {
                *p = loosen(p);
            }
            for part in &mut ix.parts {
                if let IndexKey::Expression(e) = &mut part.key {
                    *e = loosen(e);
                }
                let default_nulls = if part.descending {
                    NullsOrder::First
                } else {
                    NullsOrder::Last
                };
                if part.nulls == Some(default_nulls) {
                    part.nulls = None;
                }
            }
        }
        t.indexes.sort_by(|a, b| a.name.cmp(&b.name));
    }
    for v in &mut s.views {
        v.query = String::new();
        v.columns.clear();
    }
    s
}
