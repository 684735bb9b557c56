//! Column statements: added, dropped and altered columns (type changes, defaults, serials,
//! identities, NOT NULL), with the type-change rules that say when PostgreSQL rewrites a table.

use crate::ddl::{self, qualified_name};
use crate::diff::effective_not_null;
use crate::model::{Column, ColumnType, Identity, Schema, Table};
use crate::naming::{quote_ident, quote_literal};

use super::locks::{exclusive_flagged, locked, table_relation, LockLevel, TableEffect};
use super::statement::{hazard, stmt, HazardKind, Statement};
use super::{Phases, PlanOptions};

/// `ALTER TABLE … DROP COLUMN`: catalog only (the space is reclaimed by later writes), but under
/// ACCESS EXCLUSIVE, and the data is gone.
pub(super) fn drop_column(b: &Table, column: &Column, source: &str) -> Statement {
    hazard(
        exclusive_flagged(
            stmt(
                format!(
                    "ALTER TABLE {} DROP COLUMN {};",
                    ddl::table_name_sql(b),
                    quote_ident(&column.name)
                ),
                source,
            ),
            table_relation(b),
            TableEffect::None,
        ),
        HazardKind::DeletesData,
        format!("drops column {}.{} and its data", b.name, column.name),
    )
}

/// `ALTER TABLE … ADD COLUMN` on an existing table: ACCESS EXCLUSIVE, and a rewrite when every
/// row needs its own value (a volatile default, an identity or serial, a stored generated column);
/// a constant default is stored once in the catalog (PostgreSQL 11+).
pub(super) fn add_column(to: &Schema, table: &Table, column: &Column, source: &str) -> Statement {
    let name = ddl::table_name_sql(table);
    let s = stmt(
        format!(
            "ALTER TABLE {name} ADD COLUMN {};",
            ddl::column_definition_sql(to, table, column)
        ),
        source,
    );
    let not_null = effective_not_null(table, column)
        && !matches!(
            column.ty,
            ColumnType::Serial | ColumnType::BigSerial | ColumnType::SmallSerial
        );
    let volatile = match &column.default {
        Some(crate::model::DefaultValue::Expression(e)) => {
            let e = e.to_ascii_lowercase();
            e.contains("random")
                || e.contains("uuid")
                || e.contains("clock_timestamp")
                || e.contains("nextval")
        }
        _ => false,
    };
    let rewrites = volatile
        || column.generated.is_some()
        || column.identity.is_some()
        || matches!(
            column.ty,
            ColumnType::Serial | ColumnType::BigSerial | ColumnType::SmallSerial
        );
    // Without a default, a NOT NULL column can only be added to an empty table: the check finds
    // the first row and fails, so no row is ever read at length.
    let effect = if rewrites {
        TableEffect::Rewrite
    } else {
        TableEffect::None
    };
    let mut s = locked(s, LockLevel::AccessExclusive, table_relation(table), effect);
    if not_null
        && column.default.is_none()
        && column.identity.is_none()
        && column.generated.is_none()
    {
        s = hazard(
            s,
            HazardKind::MayFailOnExistingData,
            format!(
                "adds NOT NULL column {} without a default: fails if {} has rows",
                column.name, table.name
            ),
        );
    }
    s
}

/// The statements altering column `x` of `a` into `y` of `b` (renames are done already).
#[allow(clippy::too_many_arguments)]
pub(super) fn alter_column(
    p: &mut Phases,
    from: &Schema,
    to: &Schema,
    a: &Table,
    b: &Table,
    x: &Column,
    y: &Column,
    what: &crate::diff::ColumnChanges,
    options: &PlanOptions,
    source: &str,
) {
    let table = ddl::table_name_sql(b);
    let col = quote_ident(&y.name).into_owned();
    let alter = |rest: String| format!("ALTER TABLE {table} ALTER COLUMN {col} {rest};");
    let rel = table_relation(b);
    // Most `ALTER COLUMN` forms touch only the catalog, under ACCESS EXCLUSIVE.
    let exclusive = |rest: String| {
        locked(
            stmt(alter(rest), source),
            LockLevel::AccessExclusive,
            rel.clone(),
            TableEffect::None,
        )
    };

    if what.generated {
        // PostgreSQL cannot change a generation expression in place.
        match (&x.generated, &y.generated) {
            (Some(_), None) => p.columns.push(exclusive("DROP EXPRESSION".into())),
            _ => {
                p.columns.push(hazard(
                    exclusive_flagged(
                        stmt(format!("ALTER TABLE {table} DROP COLUMN {col};"), source),
                        rel.clone(),
                        TableEffect::None,
                    ),
                    HazardKind::DeletesData,
                    format!("the generated column {} is dropped and re-added", y.name),
                ));
                p.columns.push(add_column(to, b, y, source));
                return;
            }
        }
    }
    let (was_serial, is_serial) = (is_serial(&x.ty), is_serial(&y.ty));
    // `serial` is `integer` plus an owned sequence and a default: serial → integer is no retype.
    let type_changed = what.ty
        && (!(was_serial || is_serial) || alter_type_sql(from, &x.ty) != alter_type_sql(to, &y.ty));
    let default_changed = what.default || (type_changed && x.default.is_some());
    if (default_changed && x.default.is_some()) || (was_serial && !is_serial) {
        p.columns.push(exclusive("DROP DEFAULT".into()));
    }
    if was_serial && !is_serial {
        // The sequence the serial owned goes with it (looked up by ownership: it keeps its name
        // when the table or column is renamed). Before any identity is added, whose sequence
        // `pg_get_serial_sequence` would find too.
        p.columns.push(stmt(
            format!(
                "DO $$ DECLARE s text := pg_get_serial_sequence({}, {}); BEGIN IF s IS NOT NULL THEN EXECUTE 'DROP SEQUENCE ' || s; END IF; END $$;",
                quote_literal(&table),
                quote_literal(&y.name)
            ),
            source,
        ));
    }
    if what.identity && x.identity.is_some() && y.identity.is_none() {
        p.columns.push(exclusive("DROP IDENTITY IF EXISTS".into()));
    }
    if type_changed {
        let new_type = alter_type_sql(to, &y.ty);
        let (using, lossy, rewrites) = type_change_kind(&x.ty, &y.ty);
        let enum_target = matches!(y.ty, ColumnType::Enum { .. })
            || matches!(&y.ty, ColumnType::Array { element } if matches!(**element, ColumnType::Enum { .. }));
        let from_enum = matches!(x.ty, ColumnType::Enum { .. })
            || matches!(&x.ty, ColumnType::Array { element } if matches!(**element, ColumnType::Enum { .. }));
        let using_clause = if using || enum_target || from_enum {
            if from_enum && enum_target {
                // No cast between two enum types: go through text (text[] for arrays).
                let via = if matches!(y.ty, ColumnType::Array { .. }) {
                    "text[]"
                } else {
                    "text"
                };
                format!(" USING {col}::{via}::{new_type}")
            } else {
                format!(" USING {col}::{new_type}")
            }
        } else {
            String::new()
        };
        // Flagged even when binary-coercible (no rewrite): a retype is a structural change
        // queued behind every query on the table.
        let mut s = exclusive_flagged(
            stmt(alter(format!("TYPE {new_type}{using_clause}")), source),
            rel.clone(),
            if rewrites {
                TableEffect::Rewrite
            } else {
                TableEffect::None
            },
        );
        if lossy {
            let narrowing = !using_clause.is_empty()
                || matches!(
                    y.ty,
                    ColumnType::Varchar { .. } | ColumnType::Char { .. } | ColumnType::Real
                )
                || int_rank(&y.ty).is_some();
            s = hazard(
                s,
                HazardKind::MayFailOnExistingData,
                format!("existing values of {} must convert to {new_type}", y.name),
            );
            if narrowing {
                s = hazard(
                    s,
                    HazardKind::DeletesData,
                    format!(
                        "narrowing {} to {new_type} can truncate or reject values",
                        y.name
                    ),
                );
            }
        }
        p.columns.push(s);
    }
    if default_changed {
        if let Some(d) = ddl::default_sql(to, y) {
            if y.identity.is_none() {
                p.columns.push(exclusive(format!("SET DEFAULT {d}")));
            }
        }
    }
    if !was_serial && is_serial {
        // What `serial` does at CREATE TABLE: a sequence owned by the column, named as PostgreSQL
        // names it, feeding the default, and started after the values already there.
        let seq = qualified_name(
            &b.schema,
            &crate::naming::pg_object_name(&b.name, Some(&y.name), "seq"),
        );
        p.columns.push(stmt(
            format!(
                "CREATE SEQUENCE {seq} AS {} OWNED BY {table}.{col};",
                alter_type_sql(to, &y.ty)
            ),
            source,
        ));
        p.columns.push(exclusive(format!(
            "SET DEFAULT nextval({}::regclass)",
            quote_literal(&seq)
        )));
        p.columns.push(stmt(
            format!(
                "SELECT setval({}, max({col})) FROM {table};",
                quote_literal(&seq)
            ),
            source,
        ));
    }
    if what.identity {
        match (x.identity, y.identity) {
            (None, Some(kind)) => {
                p.columns.push(exclusive_flagged(
                    stmt(
                        alter(format!("ADD GENERATED {} AS IDENTITY", identity_sql(kind))),
                        source,
                    ),
                    rel.clone(),
                    TableEffect::None,
                ));
                // The identity sequence starts at 1: move it past the rows already there, or the
                // next insert collides with an existing key.
                p.columns.push(stmt(
                    format!(
                        "SELECT setval(pg_get_serial_sequence({}, {}), max({col})) FROM {table};",
                        quote_literal(&table),
                        quote_literal(&y.name)
                    ),
                    source,
                ));
            }
            (Some(_), Some(kind)) => p
                .columns
                .push(exclusive(format!("SET GENERATED {}", identity_sql(kind)))),
            _ => {}
        }
    }
    let was = effective_not_null(a, x);
    let now = effective_not_null(b, y);
    if was != now {
        if now && options.online {
            super::online::set_not_null(p, from, to, a, b, y, source);
        } else if now {
            // Without a validated check proving it, PostgreSQL reads every row to prove it.
            p.columns.push(hazard(
                locked(
                    stmt(alter("SET NOT NULL".into()), source),
                    LockLevel::AccessExclusive,
                    rel.clone(),
                    TableEffect::Scan,
                ),
                HazardKind::MayFailOnExistingData,
                format!("fails if {}.{} holds NULLs", b.name, y.name),
            ));
        } else if y.identity.is_none()
            && !b
                .primary_key
                .as_ref()
                .is_some_and(|pk| pk.columns.contains(&y.id))
        {
            p.columns.push(exclusive("DROP NOT NULL".into()));
        }
    }
    if what.comment {
        let target = format!("{table}.{col}");
        let sql = match &y.comment {
            Some(c) => ddl::comment_sql("COLUMN", &target, c),
            None => format!("COMMENT ON COLUMN {target} IS NULL;"),
        };
        p.comments.push(comment_on_table(stmt(sql, source), b));
    }
}

/// A `COMMENT ON TABLE/COLUMN` of an existing table: PostgreSQL takes SHARE UPDATE EXCLUSIVE on
/// the table (it blocks other schema changes, not reads or writes).
pub(super) fn comment_on_table(s: Statement, table: &Table) -> Statement {
    locked(
        s,
        LockLevel::ShareUpdateExclusive,
        table_relation(table),
        TableEffect::None,
    )
}

pub(super) fn is_serial(ty: &ColumnType) -> bool {
    matches!(
        ty,
        ColumnType::Serial | ColumnType::BigSerial | ColumnType::SmallSerial
    )
}

fn identity_sql(kind: Identity) -> &'static str {
    match kind {
        Identity::Always => "ALWAYS",
        Identity::ByDefault => "BY DEFAULT",
    }
}

/// The type to use in `ALTER COLUMN ... TYPE` (serial pseudo-types become their integer type).
fn alter_type_sql(schema: &Schema, ty: &ColumnType) -> String {
    match ty {
        ColumnType::SmallSerial => "smallint".into(),
        ColumnType::Serial => "integer".into(),
        ColumnType::BigSerial => "bigint".into(),
        other => ddl::column_type_sql(schema, other),
    }
}

fn int_rank(ty: &ColumnType) -> Option<u8> {
    match ty {
        ColumnType::SmallInt | ColumnType::SmallSerial => Some(1),
        ColumnType::Integer | ColumnType::Serial => Some(2),
        ColumnType::BigInt | ColumnType::BigSerial => Some(3),
        _ => None,
    }
}

/// Whether changing a column from `from` to `to` rewrites it (as opposed to a binary-coercible
/// change such as `varchar(10)` → `text`, which PostgreSQL does in place).
pub(crate) fn type_change_rewrites(from: &ColumnType, to: &ColumnType) -> bool {
    if is_serial(from) || is_serial(to) {
        return int_rank(from) != int_rank(to);
    }
    type_change_kind(from, to).2
}

/// How a type change behaves: (needs USING, may lose data or fail, rewrites the table).
fn type_change_kind(from: &ColumnType, to: &ColumnType) -> (bool, bool, bool) {
    use ColumnType as T;
    let texty = |t: &T| matches!(t, T::Text | T::Varchar { .. } | T::Char { .. });
    match (from, to) {
        (a, b) if int_rank(a).is_some() && int_rank(b).is_some() => {
            let narrowing = int_rank(b) < int_rank(a);
            (false, narrowing, true)
        }
        (T::Varchar { length: a }, T::Varchar { length: b }) => match (a, b) {
            (_, None) => (false, false, false),
            (Some(x), Some(y)) if y >= x => (false, false, false),
            _ => (false, true, true),
        },
        (T::Varchar { .. } | T::Char { .. }, T::Text) => (false, false, false),
        (T::Text, T::Varchar { length: None }) => (false, false, false),
        (a, T::Varchar { .. } | T::Char { .. }) if texty(a) => (false, true, true),
        (
            T::Numeric {
                precision: pa,
                scale: sa,
            },
            T::Numeric {
                precision: pb,
                scale: sb,
            },
        ) => {
            let widening = pb.is_none()
                || (pa.is_some()
                    && pb >= pa
                    && sb >= sa
                    // Digits before the point; signed, since a scale above the precision is a
                    // design error validation reports (it must not overflow here).
                    && (i64::from(pb.unwrap_or(0)) - i64::from(sb.unwrap_or(0)))
                        >= (i64::from(pa.unwrap_or(0)) - i64::from(sa.unwrap_or(0))));
            (false, !widening, !widening || pb.is_some())
        }
        (a, T::Numeric { .. }) if int_rank(a).is_some() => (false, false, true),
        (T::Real, T::DoublePrecision) => (false, false, true),
        (T::DoublePrecision, T::Real) => (false, true, true),
        (T::Timestamp { .. }, T::Timestamp { .. }) | (T::Time { .. }, T::Time { .. }) => {
            (false, false, true)
        }
        (T::Json, T::Jsonb) | (T::Jsonb, T::Json) => (true, false, true),
        (T::Array { element: a }, T::Array { element: b }) => {
            let (u, l, r) = type_change_kind(a, b);
            (u, l, r)
        }
        // Anything else goes through an explicit cast, which existing values may not survive.
        _ => (true, true, true),
    }
}
