//! Extensions a migration needs or must remove.
//!
//! The model holds no extensions: they follow from the columns (an `hstore` column needs the
//! `hstore` extension, a `uuid_generate_v4()` default needs `uuid-ossp`), as
//! [`crate::ddl::prerequisite_statements`] works out for a whole schema. A plan installs, before
//! anything uses them, the extensions `to` needs and `from` did not (`CREATE EXTENSION IF NOT
//! EXISTS`: extensions are database-wide and may be installed already).
//!
//! PostgreSQL refuses to drop a schema an extension is installed in. When a dropped schema held
//! an extension `from` needed there and `to` needs no more, the extension is dropped just before
//! the schema, without `CASCADE`: if anything else still uses it (a column or function the model
//! does not know), the plan stops there rather than silently take it along. `DROP SCHEMA ...
//! CASCADE` is never used: it would drop whatever else the schema holds that the model does not
//! know about. An extension the model cannot see (installed in the schema but used by no column)
//! still makes `DROP SCHEMA` fail, loudly.

use std::collections::BTreeSet;

use crate::ddl;
use crate::model::{Schema, Table};
use crate::naming::quote_ident;

use super::op::Op;
use super::statement::{stmt, Statement};

/// One extension a schema's columns need: (the schema it must be installed in, when not the
/// default, and its name).
type Need = (Option<String>, String);

/// The extensions `schema` lists, as [`Need`]s.
fn modelled(schema: &Schema) -> BTreeSet<Need> {
    schema
        .extensions
        .iter()
        .map(|e| {
            let at = (e.schema != crate::model::DEFAULT_SCHEMA)
                .then(|| quote_ident(&e.schema).into_owned());
            (at, quote_ident(&e.name).into_owned())
        })
        .collect()
}

/// The extensions `schema` lists or its tables need (read back from the DDL prerequisites, the
/// one place that knows which types and functions come from which extension); a listed one
/// decides the schema.
fn needed(schema: &Schema) -> BTreeSet<Need> {
    let listed = modelled(schema);
    let tables: Vec<&Table> = schema.tables.iter().collect();
    let implied: Vec<Need> = ddl::prerequisite_statements(&tables)
        .iter()
        .filter_map(|s| {
            let rest = s
                .strip_prefix("CREATE EXTENSION IF NOT EXISTS ")?
                .trim_end_matches(';');
            Some(match rest.split_once(" WITH SCHEMA ") {
                Some((ext, sch)) => (Some(sch.to_string()), ext.to_string()),
                None => (None, rest.to_string()),
            })
        })
        .collect();
    let mut all = listed.clone();
    all.extend(
        implied
            .into_iter()
            .filter(|(_, e)| !listed.iter().any(|(_, l)| l == e)),
    );
    all
}

/// `DROP EXTENSION` for the extensions `from` lists that `to` neither lists nor needs, unless
/// their schema is dropped (see [`drop_extensions_in_schema`]): after the tables and routines
/// that used them, without `CASCADE`.
pub(super) fn drop_extensions(
    from: &Schema,
    to: &Schema,
    dropped_schemas: &[String],
) -> Vec<Statement> {
    let still: BTreeSet<String> = needed(to).into_iter().map(|(_, e)| e).collect();
    from.extensions
        .iter()
        .filter(|e| !dropped_schemas.contains(&e.schema))
        .map(|e| quote_ident(&e.name).into_owned())
        .filter(|e| !still.contains(e))
        .map(|name| {
            let source = format!("drop extension {}", name.trim_matches('"'));
            stmt(Op::DropExtension { name }, &source)
        })
        .collect()
}

/// `CREATE EXTENSION` for what `to` needs and `from` did not, with `CREATE SCHEMA` for a
/// schema to install it in that neither the model nor the plan creates.
pub(super) fn create_extensions(from: &Schema, to: &Schema) -> Vec<Statement> {
    let before = needed(from);
    let known_schema = |s: &str| {
        to.namespaces.iter().any(|n| n.name == s)
            || from.namespaces.iter().any(|n| n.name == s)
            || to.tables.iter().any(|t| t.schema == s)
            || to.enums.iter().any(|e| e.schema == s)
            || to.views.iter().any(|v| v.schema == s)
    };
    let mut out = Vec::new();
    let mut schemas = BTreeSet::new();
    for (schema, ext) in needed(to).difference(&before) {
        // Quoted names come back quoted from the DDL, ready to print.
        let source = format!("add extension {}", ext.trim_matches('"'));
        match schema {
            Some(s) => {
                if !known_schema(s.trim_matches('"')) && schemas.insert(s.clone()) {
                    out.push(stmt(
                        Op::CreateSchema {
                            name: s.clone(),
                            if_not_exists: true,
                        },
                        &source,
                    ));
                }
                out.push(stmt(
                    Op::CreateExtension {
                        name: ext.clone(),
                        schema: Some(s.clone()),
                        version: pinned(to, ext),
                    },
                    &source,
                ));
            }
            None => out.push(stmt(
                Op::CreateExtension {
                    name: ext.clone(),
                    schema: None,
                    version: pinned(to, ext),
                },
                &source,
            )),
        }
    }
    // A version the design pins that the database does not have: updated in place.
    for e in &to.extensions {
        let Some(version) = &e.version else {
            continue;
        };
        let Some(had) = from.extensions.iter().find(|x| x.name == e.name) else {
            continue;
        };
        if had.version.as_ref() != Some(version) {
            out.push(stmt(
                Op::UpdateExtension {
                    name: quote_ident(&e.name).into_owned(),
                    version: version.clone(),
                    from_version: had.version.clone(),
                },
                &format!("update extension {}", e.name),
            ));
        }
    }
    out
}

/// The version `schema` pins for the extension named `quoted` (as [`needed`] spells it).
fn pinned(schema: &Schema, quoted: &str) -> Option<String> {
    schema
        .extensions
        .iter()
        .find(|e| quote_ident(&e.name) == quoted)
        .and_then(|e| e.version.clone())
}

/// `DROP EXTENSION` for each extension `from` installed in the dropped schema `name` that `to`
/// no longer needs anywhere: PostgreSQL would refuse to drop the schema while it holds it.
pub(super) fn drop_extensions_in_schema(from: &Schema, to: &Schema, name: &str) -> Vec<Statement> {
    let still: BTreeSet<String> = needed(to).into_iter().map(|(_, e)| e).collect();
    let quoted = quote_ident(name);
    needed(from)
        .into_iter()
        .filter(|(s, ext)| s.as_deref() == Some(quoted.as_ref()) && !still.contains(ext))
        .map(|(_, ext)| {
            stmt(
                Op::DropExtension { name: ext },
                &format!("drop schema {name}: the extension installed in it"),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::import_sql;

    fn schema(sql: &str) -> Schema {
        import_sql(sql).document.schema
    }

    fn sqls(v: &[Statement]) -> Vec<&str> {
        v.iter().map(|s| s.sql.as_str()).collect()
    }

    #[test]
    fn an_extension_type_new_to_the_schema_is_installed() {
        let from = schema("CREATE TABLE t (id int PRIMARY KEY);");
        let to = schema(
            "CREATE TABLE t (id int PRIMARY KEY, tags hstore, email citext);
             CREATE TABLE u (id int PRIMARY KEY, email citext);",
        );
        assert_eq!(
            sqls(&create_extensions(&from, &to)),
            [
                "CREATE EXTENSION IF NOT EXISTS citext;",
                "CREATE EXTENSION IF NOT EXISTS hstore;"
            ]
        );
        // Already needed before: nothing to install.
        assert!(create_extensions(&to, &to).is_empty());
    }

    #[test]
    fn an_extension_in_a_dropped_schema_is_dropped_first() {
        let from = schema(
            "CREATE SCHEMA extensions;
             CREATE TABLE t (id int PRIMARY KEY, email extensions.citext);",
        );
        let to = schema("CREATE TABLE t (id int PRIMARY KEY);");
        assert_eq!(
            sqls(&drop_extensions_in_schema(&from, &to, "extensions")),
            ["DROP EXTENSION citext;"]
        );
        assert!(drop_extensions_in_schema(&from, &to, "other").is_empty());
        // Still used elsewhere: left alone (dropping the schema then fails, loudly).
        let keep = schema("CREATE TABLE t (id int PRIMARY KEY, email citext);");
        assert!(drop_extensions_in_schema(&from, &keep, "extensions").is_empty());
    }
}
