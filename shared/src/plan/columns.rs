//! Column statements: added, dropped and altered columns (type changes, defaults, serials,
//! identities, NOT NULL), with the type-change rules that say when PostgreSQL rewrites a table.

use crate::ddl::{self, qualified_name};
use crate::diff::effective_not_null;
use crate::model::{Column, ColumnType, Identity, Schema, Table};
use crate::naming::{quote_ident, quote_literal};

use super::locks::TableEffect;
use super::op::{ColumnAction, Op, Relation};
use super::statement::{hazard, locked, stmt, HazardKind, Statement};
use super::{Phases, PlanOptions};

/// `ALTER TABLE … DROP COLUMN`: catalog only (the space is reclaimed by later writes), but under
/// ACCESS EXCLUSIVE, and the data is gone.
pub(super) fn drop_column(b: &Table, column: &Column, source: &str) -> Statement {
    hazard(
        locked(stmt(
            Op::DropColumn {
                table: Relation::of(b),
                column: column.name.clone(),
            },
            source,
        )),
        HazardKind::DeletesData,
        format!("drops column {}.{} and its data", b.name, column.name),
    )
}

/// `ALTER TABLE … ADD COLUMN` on an existing table: ACCESS EXCLUSIVE, and a rewrite when every
/// row needs its own value (a volatile default, an identity or serial, a stored generated column);
/// a constant default is stored once in the catalog (PostgreSQL 11+).
pub(super) fn add_column(to: &Schema, table: &Table, column: &Column, source: &str) -> Statement {
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
    let mut s = locked(stmt(
        Op::AddColumn {
            table: Relation::of(table),
            column: column.name.clone(),
            definition: ddl::column_definition_sql(to, table, column),
            rewrites,
        },
        source,
    ));
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
    let table = Relation::of(b);
    let col = quote_ident(&y.name).into_owned();
    let alter = |action: ColumnAction| Op::AlterColumn {
        table: table.clone(),
        column: y.name.clone(),
        action,
    };
    // Most `ALTER COLUMN` forms touch only the catalog, under ACCESS EXCLUSIVE.
    let exclusive = |action: ColumnAction| locked(stmt(alter(action), source));

    if what.generated {
        // PostgreSQL cannot change a generation expression in place.
        match (&x.generated, &y.generated) {
            (Some(_), None) => p.columns.push(exclusive(ColumnAction::DropExpression)),
            _ => {
                p.columns.push(hazard(
                    locked(stmt(
                        Op::DropColumn {
                            table: table.clone(),
                            column: y.name.clone(),
                        },
                        source,
                    )),
                    HazardKind::DeletesData,
                    format!("the generated column {} is dropped and re-added", y.name),
                ));
                p.columns.push(add_column(to, b, y, source));
                return;
            }
        }
    }
    let (was_serial, is_serial) = (x.ty.is_serial(), y.ty.is_serial());
    // `serial` is `integer` plus an owned sequence and a default: serial → integer is no retype.
    let type_changed = what.ty
        && (!(was_serial || is_serial) || alter_type_sql(from, &x.ty) != alter_type_sql(to, &y.ty));
    let default_changed = what.default || (type_changed && x.default.is_some());
    if (default_changed && x.default.is_some()) || (was_serial && !is_serial) {
        p.columns.push(exclusive(ColumnAction::DropDefault));
    }
    if was_serial && !is_serial {
        // The sequence the serial owned goes with it (looked up by ownership: it keeps its name
        // when the table or column is renamed). Before any identity is added, whose sequence
        // `pg_get_serial_sequence` would find too.
        let s = stmt(
            Op::DropOwnedSequence {
                table: table.clone(),
                column: y.name.clone(),
            },
            source,
        );
        // The sequence holds the next value to hand out: a sequence made again later restarts
        // at 1 and collides with the keys already there.
        p.columns.push(hazard(
            s,
            HazardKind::DeletesData,
            format!(
                "drops the sequence {}.{} owned as a serial: its position (the next value) is lost",
                b.name, y.name
            ),
        ));
    }
    if what.identity && x.identity.is_some() && y.identity.is_none() {
        p.columns.push(hazard(
            exclusive(ColumnAction::DropIdentity),
            HazardKind::DeletesData,
            format!(
                "drops the identity sequence of {}.{}: its position (the next value) is lost",
                b.name, y.name
            ),
        ));
    }
    let was = effective_not_null(a, x);
    let now = effective_not_null(b, y);
    let mut not_null_done = false;
    let no_cast = type_changed && super::casts::castable(&x.ty, &y.ty) == Some(false);
    if no_cast {
        // The old values are discarded (see below): a column that becomes nullable must be so
        // before they are.
        if was && !now && can_drop_not_null(b, y) {
            p.columns.push(exclusive(ColumnAction::DropNotNull));
            not_null_done = true;
        }
        no_cast_retype(p, from, to, b, x, y, now, source);
    } else if type_changed {
        let new_type = alter_type_sql(to, &y.ty);
        let crate::model::TypeChange {
            needs_using: using,
            lossy,
            rewrites,
        } = x.ty.change_to(&y.ty);
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
                Some(format!("{col}::{via}::{new_type}"))
            } else {
                Some(format!("{col}::{new_type}"))
            }
        } else {
            None
        };
        // Flagged even when binary-coercible (no rewrite): a retype is a structural change
        // queued behind every query on the table.
        let collate = collate_sql(y);
        let mut s = locked(stmt(
            alter(ColumnAction::Type {
                ty: new_type.clone(),
                collate,
                using: using_clause.clone(),
                effect: if rewrites {
                    TableEffect::Rewrite
                } else {
                    TableEffect::None
                },
            }),
            source,
        ));
        if lossy {
            let narrowing = using_clause.is_some()
                || matches!(
                    y.ty,
                    ColumnType::Varchar { .. } | ColumnType::Char { .. } | ColumnType::Real
                )
                || y.ty.int_rank().is_some();
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
    if what.collation && !type_changed {
        // Same type, another collation: no rewrite, but the column's indexes are rebuilt.
        let indexed = b.indexes.iter().any(|ix| {
            ix.parts
                .iter()
                .any(|p| p.key == crate::model::IndexKey::Column(y.id.clone()))
        }) || b.uniques.iter().any(|u| u.columns.contains(&y.id))
            || b.primary_key
                .as_ref()
                .is_some_and(|pk| pk.columns.contains(&y.id));
        let collate = match &y.collation {
            Some(_) => collate_sql(y),
            None => " COLLATE \"default\"".to_string(),
        };
        p.columns.push(locked(stmt(
            alter(ColumnAction::Type {
                ty: alter_type_sql(to, &y.ty),
                collate,
                using: None,
                effect: if indexed {
                    TableEffect::Scan
                } else {
                    TableEffect::None
                },
            }),
            source,
        )));
    }
    if default_changed {
        if let Some(d) = ddl::default_sql(to, y) {
            if y.identity.is_none() {
                p.columns.push(exclusive(ColumnAction::SetDefault(d)));
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
            Op::CreateOwnedSequence {
                sequence: seq.clone(),
                ty: alter_type_sql(to, &y.ty),
                table: table.clone(),
                column: y.name.clone(),
            },
            source,
        ));
        p.columns.push(exclusive(ColumnAction::SetDefault(format!(
            "nextval({}::regclass)",
            quote_literal(&seq)
        ))));
        p.columns.push(stmt(
            Op::SetvalPastRows {
                sequence: quote_literal(&seq),
                descending: false,
                column: y.name.clone(),
                table: table.clone(),
                having_past: None,
            },
            source,
        ));
    }
    if what.identity && x.identity.is_none() && y.identity.is_some() && now && !was {
        // PostgreSQL: "column must be declared NOT NULL before identity can be added".
        set_not_null(p, from, to, a, b, y, options, source);
        not_null_done = true;
    }
    if what.identity {
        match (x.identity, y.identity) {
            (None, Some(kind)) => {
                p.columns.push(locked(stmt(
                    alter(ColumnAction::AddIdentity {
                        always: kind == Identity::Always,
                        options: y.identity_options.canonical(&y.ty).sql(),
                    }),
                    source,
                )));
                // The identity sequence starts at its start: move it past the rows already there,
                // or the next insert collides with an existing key.
                p.columns.push(stmt(identity_past_rows(&table, y), source));
            }
            (Some(_), Some(kind)) => p.columns.push(exclusive(ColumnAction::SetGenerated {
                always: kind == Identity::Always,
            })),
            _ => {}
        }
    }
    if let Some(sets) = identity_options_change_sql(x, y).filter(|_| {
        x.identity.is_some() && y.identity.is_some() && (what.identity_options || what.ty)
    }) {
        // The sequence keeps its position: a new START WITH is what a RESTART would go back to.
        p.columns
            .push(exclusive(ColumnAction::SetIdentityOptions(sets)));
    }
    if was != now && !not_null_done {
        if now {
            set_not_null(p, from, to, a, b, y, options, source);
        } else if can_drop_not_null(b, y) {
            p.columns.push(exclusive(ColumnAction::DropNotNull));
        }
    }
    if what.comment {
        let op = Op::Comment {
            on: "COLUMN".into(),
            target: format!("{table}.{col}"),
            text: y.comment.clone(),
            table: Some(Relation::of(b)),
        };
        p.comments.push(locked(stmt(op, source)));
    }
}

/// `SET NOT NULL` on column `y` of `b`: with the online option, through a validated check.
#[allow(clippy::too_many_arguments)]
fn set_not_null(
    p: &mut Phases,
    from: &Schema,
    to: &Schema,
    a: &Table,
    b: &Table,
    y: &Column,
    options: &PlanOptions,
    source: &str,
) {
    if options.online {
        super::online::set_not_null(p, from, to, a, b, y, source);
        return;
    }
    // Without a validated check proving it, PostgreSQL reads every row to prove it.
    p.columns.push(hazard(
        locked(stmt(
            Op::AlterColumn {
                table: Relation::of(b),
                column: y.name.clone(),
                action: ColumnAction::SetNotNull { proven: false },
            },
            source,
        )),
        HazardKind::MayFailOnExistingData,
        format!("fails if {}.{} holds NULLs", b.name, y.name),
    ));
}

/// Whether `DROP NOT NULL` applies: identity and primary key columns stay NOT NULL whatever the
/// model says.
fn can_drop_not_null(b: &Table, y: &Column) -> bool {
    y.identity.is_none()
        && !b
            .primary_key
            .as_ref()
            .is_some_and(|pk| pk.columns.contains(&y.id))
}

/// A type change PostgreSQL has no cast for (`bigint` → `timestamp`): `USING col::t` would fail
/// whatever the rows hold, so the values are discarded instead, in place (the column keeps its
/// position, indexes, constraints and comment): set to the new default when the column is NOT
/// NULL and has one, to NULL otherwise.
#[allow(clippy::too_many_arguments)]
fn no_cast_retype(
    p: &mut Phases,
    from: &Schema,
    to: &Schema,
    b: &Table,
    x: &Column,
    y: &Column,
    not_null: bool,
    source: &str,
) {
    let table = Relation::of(b);
    let old_type = alter_type_sql(from, &x.ty);
    let new_type = alter_type_sql(to, &y.ty);
    let fill = match ddl::default_sql(to, y).filter(|_| not_null && y.identity.is_none()) {
        Some(d) => format!("({d})::{new_type}"),
        None => format!("NULL::{new_type}"),
    };
    let mut s = hazard(
        locked(stmt(
                Op::AlterColumn {
                    table: table.clone(),
                    column: y.name.clone(),
                    action: ColumnAction::Type {
                        ty: new_type.clone(),
                        collate: collate_sql(y),
                        using: Some(fill.clone()),
                        effect: TableEffect::Rewrite,
                    },
                },
                source,
            )),
        HazardKind::DeletesData,
        format!(
            "PostgreSQL has no cast from {old_type} to {new_type}: the values of {}.{} are discarded (replaced by {fill})",
            b.name, y.name
        ),
    );
    if fill.starts_with("NULL") && not_null {
        s = hazard(
            s,
            HazardKind::MayFailOnExistingData,
            format!(
                "{}.{} is NOT NULL with no default to fill it: fails if {} has rows",
                b.name, y.name, b.name
            ),
        );
    }
    p.columns.push(s);
}

/// `SELECT setval(...)` moving a new identity's sequence past the values already in the column
/// (`max` counting up, `min` counting down), unless its start is past them already.
fn identity_past_rows(table: &Relation, y: &Column) -> Op {
    let options = y.identity_options.canonical(&y.ty);
    let sequence = format!(
        "pg_get_serial_sequence({}, {})",
        quote_literal(&table.to_string()),
        quote_literal(&y.name)
    );
    let (descending, having_past) = if options.is_default() {
        (false, None)
    } else {
        let e = options.effective(&y.ty);
        (e.increment <= 0, Some(e.start))
    };
    Op::SetvalPastRows {
        sequence,
        descending,
        column: y.name.clone(),
        table: table.clone(),
        having_past,
    }
}

/// `SET START WITH ... SET INCREMENT BY ...` for the identity options that differ between `x`
/// and `y` (an option back to its default is set to the default's value, or `NO MINVALUE`).
/// A type change comes first and resets the options left at their defaults to the new type's
/// (PostgreSQL does so with the sequence's type), so `x`'s are compared as of `y`'s type.
fn identity_options_change_sql(x: &Column, y: &Column) -> Option<String> {
    let a = x.identity_options.canonical(&x.ty).effective(&y.ty);
    let b = y.identity_options.effective(&y.ty);
    let canon = y.identity_options.canonical(&y.ty);
    let mut sets = Vec::new();
    if a.increment != b.increment {
        sets.push(format!("SET INCREMENT BY {}", b.increment));
    }
    if a.min_value != b.min_value {
        sets.push(match canon.min_value {
            Some(v) => format!("SET MINVALUE {v}"),
            None => "SET NO MINVALUE".into(),
        });
    }
    if a.max_value != b.max_value {
        sets.push(match canon.max_value {
            Some(v) => format!("SET MAXVALUE {v}"),
            None => "SET NO MAXVALUE".into(),
        });
    }
    if a.start != b.start {
        sets.push(format!("SET START WITH {}", b.start));
    }
    if a.cache != b.cache {
        sets.push(format!("SET CACHE {}", b.cache));
    }
    if a.cycle != b.cycle {
        sets.push(if b.cycle { "SET CYCLE" } else { "SET NO CYCLE" }.into());
    }
    (!sets.is_empty()).then(|| sets.join(" "))
}

/// ` COLLATE "<name>"` for a column with a collation of its own, or nothing.
fn collate_sql(column: &Column) -> String {
    column
        .collation
        .as_ref()
        .map(|c| format!(" COLLATE {}", quote_ident(c)))
        .unwrap_or_default()
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
