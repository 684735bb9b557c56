//! Enum statements: renames, new labels, and the rebuild (rename the old type away, create the
//! new one, convert every column through text) with what must be dropped and re-created around
//! the conversion.

use std::collections::HashSet;

use crate::ddl::{self, qualified_name};
use crate::diff::{Change, EnumChange, TableChange};
use crate::model::{ColumnType, Enum, Schema, Table};
use crate::naming::quote_ident;

use super::constraints::{create_index, drop_index_hazard};
use super::locks::{relation, TableEffect};
use super::op::{ColumnAction, EnumPosition, ObjectKind, Op, Relation};
use super::statement::{hazard, locked, stmt, HazardKind};
use super::{Phases, PlanOptions};
use crate::sql::mentions;

/// The statements of an enum's changes (`a` in `from` becoming `b` in `to`).
#[allow(clippy::too_many_arguments)]
pub(super) fn plan_enum(
    p: &mut Phases,
    from: &Schema,
    to: &Schema,
    a: &Enum,
    b: &Enum,
    changes: &[EnumChange],
    all: &[Change],
    options: &PlanOptions,
) {
    let source = format!("modify enum {}", b.name);
    let new_name = qualified_name(&b.schema, &b.name);
    let mut current_schema = &a.schema;
    for c in changes {
        if let EnumChange::Rename = c {
            if a.schema != b.schema {
                p.enums.push(stmt(
                    Op::SetSchema {
                        kind: ObjectKind::Type,
                        schema: a.schema.clone(),
                        name: a.name.clone(),
                        new_schema: b.schema.clone(),
                    },
                    &source,
                ));
                current_schema = &b.schema;
            }
            if a.name != b.name {
                p.enums.push(stmt(
                    Op::Rename {
                        kind: ObjectKind::Type,
                        schema: current_schema.clone(),
                        from: a.name.clone(),
                        to: b.name.clone(),
                    },
                    &source,
                ));
            }
        }
    }
    for c in changes {
        match c {
            EnumChange::Rename | EnumChange::Comment => {}
            EnumChange::RenameValue { from: x, to: y } => p.enums.push(stmt(
                Op::RenameEnumValue {
                    type_name: new_name.clone(),
                    from: x.clone(),
                    to: y.clone(),
                },
                &source,
            )),
            EnumChange::AddValue {
                value,
                before,
                after,
            } => {
                let position = match (before, after) {
                    (Some(x), _) => EnumPosition::Before(x.clone()),
                    (None, Some(x)) => EnumPosition::After(x.clone()),
                    _ => EnumPosition::Last,
                };
                let s = stmt(
                    Op::AddEnumValue {
                        type_name: new_name.clone(),
                        value: value.clone(),
                        position,
                    },
                    &source,
                );
                p.enums.push(s);
            }
            EnumChange::Rebuild { removed } => {
                plan_enum_rebuild(p, from, to, a, b, removed, &source, all, options)
            }
        }
    }
    if changes.contains(&EnumChange::Comment) {
        let op = Op::Comment {
            on: "TYPE".into(),
            target: new_name,
            text: b.comment.clone(),
            table: None,
        };
        p.comments.push(stmt(op, &source));
    }
}

/// Removing or reordering labels: rename the old type away, create the new one, convert every
/// column through text, and drop the old type once nothing uses it.
#[allow(clippy::too_many_arguments)]
fn plan_enum_rebuild(
    p: &mut Phases,
    from: &Schema,
    to: &Schema,
    a: &Enum,
    b: &Enum,
    removed: &[String],
    source: &str,
    all: &[Change],
    options: &PlanOptions,
) {
    let new_name = qualified_name(&b.schema, &b.name);
    let old_tmp = format!("{}_old", b.name);
    p.enums.push(stmt(
        Op::Rename {
            kind: ObjectKind::Type,
            schema: b.schema.clone(),
            from: b.name.clone(),
            to: old_tmp.clone(),
        },
        source,
    ));
    p.enums.push(stmt(Op::create_enum(b), source));
    // Every column (in the target schema) of this enum or an array of it, whose table exists
    // before this migration (new tables are created with the new type).
    for t in &to.tables {
        let Some(old_t) = from.tables.iter().find(|x| x.id == t.id) else {
            continue;
        };
        for c in &t.columns {
            let Some(array) = enum_use(&c.ty, &b.id) else {
                continue;
            };
            let Some(old_c) = old_t.columns.iter().find(|x| x.id == c.id) else {
                continue;
            };
            if enum_use(&old_c.ty, &a.id).is_none() {
                continue;
            }
            let table = Relation::of(old_t);
            let col = quote_ident(&old_c.name);
            let exclusive = |action: ColumnAction| {
                locked(stmt(
                    Op::AlterColumn {
                        table: table.clone(),
                        column: old_c.name.clone(),
                        action,
                    },
                    source,
                ))
            };
            rebuild_over_enum_column(p, from, to, old_t, t, &old_c.name, all, options, source);
            let cast = if array {
                format!("{col}::text[]::{new_name}[]")
            } else {
                format!("{col}::text::{new_name}")
            };
            if old_c.default.is_some() {
                p.enums.push(exclusive(ColumnAction::DropDefault));
            }
            // A new type: every value is converted, so the table is rewritten.
            let mut s = locked(stmt(
                Op::AlterColumn {
                    table: table.clone(),
                    column: old_c.name.clone(),
                    action: ColumnAction::Type {
                        ty: format!("{new_name}{}", if array { "[]" } else { "" }),
                        collate: String::new(),
                        using: Some(cast),
                        effect: TableEffect::Rewrite,
                    },
                },
                source,
            ));
            if !removed.is_empty() {
                s = hazard(
                    s,
                    HazardKind::MayFailOnExistingData,
                    format!("rows holding {} cannot be converted", removed.join(", ")),
                );
            }
            p.enums.push(s);
            if let Some(d) = ddl::default_sql(to, c) {
                p.enums.push(exclusive(ColumnAction::SetDefault(d)));
            }
        }
    }
    let mut drop = stmt(
        Op::DropType {
            schema: b.schema.clone(),
            name: old_tmp,
        },
        source,
    );
    if !removed.is_empty() {
        drop = hazard(
            drop,
            HazardKind::DeletesData,
            format!("enum labels removed: {}", removed.join(", ")),
        );
    }
    p.drop_enums.push(drop);
}

/// Checks and expression or partial indexes of `old_t` whose expressions read `column` (of an
/// enum being rebuilt) hold labels typed as the old enum: PostgreSQL cannot carry them over to the
/// new type (`operator does not exist: new = old`). They are dropped before the conversion and
/// created again after it, from `new_t`, unless the diff drops or adds them anyway.
#[allow(clippy::too_many_arguments)]
fn rebuild_over_enum_column(
    p: &mut Phases,
    from: &Schema,
    to: &Schema,
    old_t: &Table,
    new_t: &Table,
    column: &str,
    all: &[Change],
    options: &PlanOptions,
    source: &str,
) {
    let touched: HashSet<&crate::model::Id> = all
        .iter()
        .flat_map(|c| match c {
            Change::ModifyTable { from, changes, .. } if from.id == old_t.id => changes
                .iter()
                .filter_map(|tc| match tc {
                    TableChange::DropConstraint { constraint }
                    | TableChange::AddConstraint { constraint } => Some(constraint.id()),
                    _ => None,
                })
                .collect::<Vec<_>>(),
            _ => vec![],
        })
        .collect();
    let reads = |e: &str| mentions(&e.to_ascii_lowercase(), column);
    for ck in &old_t.checks {
        if touched.contains(&ck.id) || !reads(&ck.expression) {
            continue;
        }
        p.drop_constraints.push(locked(stmt(
            Op::DropConstraint {
                table: Relation::of(old_t),
                name: ck.name.clone(),
            },
            source,
        )));
        if let Some(new_ck) = new_t.checks.iter().find(|x| x.id == ck.id) {
            if new_ck.not_valid {
                p.add_constraints
                    .push(locked(stmt(Op::add_check(new_t, new_ck, false), source)));
                continue;
            }
            // Checked against every row, under ACCESS EXCLUSIVE.
            p.add_constraints.push(hazard(
                locked(stmt(Op::add_check(new_t, new_ck, false), source)),
                HazardKind::MayFailOnExistingData,
                "fails if existing rows violate the check",
            ));
        }
    }
    for ix in &old_t.indexes {
        let over = ix.parts.iter().any(|part| match &part.key {
            crate::model::IndexKey::Expression(e) => reads(e),
            crate::model::IndexKey::Column(_) => false,
        }) || ix.predicate.as_deref().is_some_and(reads);
        if touched.contains(&ix.id) || !over {
            continue;
        }
        let name = crate::naming::effective_index_name(old_t, ix);
        let drop = stmt(
            Op::DropIndex {
                table: Relation::of(old_t),
                schema: old_t.schema.clone(),
                name: name.clone(),
                concurrently: false,
            },
            source,
        );
        // `DROP INDEX` takes ACCESS EXCLUSIVE on the index's table.
        p.drop_constraints.push(drop_index_hazard(
            locked(drop),
            &relation(&old_t.schema, &name),
        ));
        if let Some(new_ix) = new_t.indexes.iter().find(|x| x.id == ix.id) {
            p.add_constraints
                .push(create_index(to, new_t, new_ix, options, source, false));
        }
    }
    let _ = from;
}

/// Whether a type uses the enum `id`: `Some(false)` directly, `Some(true)` as an array.
pub(super) fn enum_use(ty: &ColumnType, id: &crate::model::Id) -> Option<bool> {
    match ty {
        ColumnType::Enum { id: e } if e == id => Some(false),
        ColumnType::Array { element } => enum_use(element, id).map(|_| true),
        _ => None,
    }
}
