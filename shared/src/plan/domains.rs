//! Planning domains and composite types. Both are created after the enums they may be over and
//! before the routines and tables that use them, dropped after those. `ALTER DOMAIN` changes the default, `NOT NULL` and
//! checks in place; adding `NOT NULL` or a valid check checks every column of the domain, so it
//! may fail on existing data. The base type cannot be altered: such a domain is dropped and
//! created again, its columns turned into the old base type before and into the new domain after
//! (converting every value, which may fail). A composite type's attributes are
//! added, dropped and retyped in place (`ALTER TYPE … ATTRIBUTE`).

use super::op::{DomainAction, ObjectKind, Op};
use super::statement::{hazard, stmt, HazardKind, Statement};
use super::Phases;
use crate::ddl::{self, qualified_name};
use crate::diff::DomainChanges;
use crate::model::{Domain, Schema};

fn alter(d: &Domain, action: DomainAction, source: &str) -> Statement {
    let checks_values = matches!(
        action,
        DomainAction::SetNotNull | DomainAction::ValidateCheck { .. }
    ) || matches!(&action, DomainAction::AddCheck { definition, .. } if !definition.ends_with("NOT VALID"));
    let s = stmt(
        Op::AlterDomain {
            schema: d.schema.clone(),
            name: d.name.clone(),
            action,
        },
        source,
    );
    if checks_values {
        hazard(
            s,
            HazardKind::MayFailOnExistingData,
            format!(
                "checks every value of domain {} in every column using it",
                d.name
            ),
        )
    } else {
        s
    }
}

fn comment(d: &Domain) -> Op {
    Op::Comment {
        on: "DOMAIN".into(),
        target: qualified_name(&d.schema, &d.name),
        text: d.comment.clone(),
        table: None,
    }
}

fn create(p: &mut Phases, to: &Schema, d: &Domain, source: &str) {
    p.domains.push(stmt(
        Op::CreateDomain {
            schema: d.schema.clone(),
            name: d.name.clone(),
            sql: ddl::create_domain_sql(to, d),
        },
        source,
    ));
    for c in d.checks.iter().filter(|c| c.not_valid) {
        p.domains.push(alter(
            d,
            DomainAction::AddCheck {
                name: c.name.clone(),
                definition: ddl::domain_check_sql(c),
            },
            source,
        ));
    }
}

/// A new domain.
pub(super) fn add_domain(p: &mut Phases, to: &Schema, d: &Domain) {
    let source = format!("add domain {}", d.name);
    create(p, to, d, &source);
    if d.comment.is_some() {
        p.comments.push(stmt(comment(d), &source));
    }
}

/// A dropped domain: after the tables and routines that used it.
pub(super) fn drop_domain(p: &mut Phases, d: &Domain) {
    p.drop_domains.push(stmt(
        Op::DropDomain {
            schema: d.schema.clone(),
            name: d.name.clone(),
        },
        &format!("drop domain {}", d.name),
    ));
}

/// The columns of `schema` whose type is domain `d` (by name, as columns name it).
pub(super) fn domain_columns<'s>(
    schema: &'s Schema,
    d: &Domain,
) -> Vec<(&'s crate::model::Table, &'s crate::model::Column)> {
    let names = [
        qualified_name(&d.schema, &d.name),
        format!("{}.{}", d.schema, d.name),
        d.name.clone(),
    ];
    let ours = |n: &str| {
        let public = d.schema == crate::model::DEFAULT_SCHEMA;
        n == names[0] || n == names[1] || (public && n == names[2])
    };
    schema
        .tables
        .iter()
        .flat_map(|t| t.columns.iter().map(move |c| (t, c)))
        .filter(|(_, c)| matches!(&c.ty, crate::model::ColumnType::Custom { name } if ours(name)))
        .collect()
}

/// The columns of domain `a` (in `from`) kept in `to` with type `b`, around a domain dropped
/// and created again: before the drop each is turned into `a`'s base type (no rewrite: a domain
/// is stored as its base), after the creation into `b`, converting (and checking) every value.
fn retype_around(p: &mut Phases, from: &Schema, to: &Schema, a: &Domain, b: &Domain, source: &str) {
    use super::locks::TableEffect;
    use super::op::{ColumnAction, Relation};
    use super::statement::locked;
    for (t, c) in domain_columns(from, a) {
        let Some(nt) = to.table(&t.id) else { continue };
        let Some(nc) = nt.column(&c.id) else { continue };
        if !matches!(&nc.ty, crate::model::ColumnType::Custom { .. })
            || domain_columns(to, b).iter().all(|(_, x)| x.id != nc.id)
        {
            continue;
        }
        let alter = |table: Relation, column: &str, action: ColumnAction| {
            locked(stmt(
                Op::AlterColumn {
                    table,
                    column: column.to_string(),
                    action,
                },
                source,
            ))
        };
        let col = crate::naming::quote_ident(&c.name).into_owned();
        let old_base = ddl::column_type_sql(from, &a.base);
        if c.default.is_some() {
            p.drop_functions_early
                .push(alter(Relation::of(t), &c.name, ColumnAction::DropDefault));
        }
        p.drop_functions_early.push(alter(
            Relation::of(t),
            &c.name,
            ColumnAction::Type {
                ty: old_base.clone(),
                collate: String::new(),
                using: None,
                effect: TableEffect::default(),
            },
        ));
        let new_type = qualified_name(&b.schema, &b.name);
        let converted = hazard(
            alter(
                Relation::of(nt),
                &nc.name,
                ColumnAction::Type {
                    ty: new_type.clone(),
                    collate: String::new(),
                    using: Some(format!(
                        "{col}::{}::{new_type}",
                        ddl::column_type_sql(to, &b.base)
                    )),
                    effect: TableEffect::Rewrite,
                },
            ),
            HazardKind::MayFailOnExistingData,
            format!(
                "every value of {}.{} is converted to {} and checked",
                nt.name,
                nc.name,
                ddl::column_type_sql(to, &b.base)
            ),
        );
        p.columns.push(converted);
        if let Some(d) = ddl::default_sql(to, nc) {
            p.columns.push(alter(
                Relation::of(nt),
                &nc.name,
                ColumnAction::SetDefault(d),
            ));
        }
    }
}

/// A domain on both sides.
pub(super) fn modify_domain(
    p: &mut Phases,
    from: &Schema,
    to: &Schema,
    a: &Domain,
    b: &Domain,
    c: &DomainChanges,
) {
    let source = format!("modify domain {}", b.name);
    if c.base {
        retype_around(p, from, to, a, b, &source);
        p.drop_functions_early.push(stmt(
            Op::DropDomain {
                schema: a.schema.clone(),
                name: a.name.clone(),
            },
            &source,
        ));
        create(p, to, b, &source);
        if b.comment.is_some() {
            p.comments.push(stmt(comment(b), &source));
        }
        return;
    }
    for k in &c.dropped_checks {
        p.drop_constraints.push(alter(
            a,
            DomainAction::DropCheck {
                name: k.name.clone(),
            },
            &source,
        ));
    }
    if c.moved {
        p.rename_tables.push(stmt(
            Op::SetSchema {
                kind: ObjectKind::Domain,
                schema: a.schema.clone(),
                name: a.name.clone(),
                new_schema: b.schema.clone(),
            },
            &source,
        ));
    }
    if c.renamed {
        p.rename_tables.push(stmt(
            Op::Rename {
                kind: ObjectKind::Domain,
                schema: b.schema.clone(),
                from: a.name.clone(),
                to: b.name.clone(),
            },
            &source,
        ));
    }
    for (from, to) in &c.renamed_checks {
        p.rename_tables.push(alter(
            b,
            DomainAction::RenameCheck {
                from: from.clone(),
                to: to.clone(),
            },
            &source,
        ));
    }
    if c.default {
        let action = match &b.default {
            Some(e) => DomainAction::SetDefault {
                expression: e.clone(),
            },
            None => DomainAction::DropDefault,
        };
        p.add_constraints.push(alter(b, action, &source));
    }
    if c.not_null {
        let action = if b.not_null {
            DomainAction::SetNotNull
        } else {
            DomainAction::DropNotNull
        };
        p.add_constraints.push(alter(b, action, &source));
    }
    for k in &c.added_checks {
        p.add_constraints.push(alter(
            b,
            DomainAction::AddCheck {
                name: k.name.clone(),
                definition: ddl::domain_check_sql(k),
            },
            &source,
        ));
    }
    for name in &c.validated_checks {
        p.add_constraints.push(alter(
            b,
            DomainAction::ValidateCheck { name: name.clone() },
            &source,
        ));
    }
    if c.comment {
        p.comments.push(stmt(comment(b), &source));
    }
}

/// A new composite type: with the domains, before routines and tables.
pub(super) fn add_composite(p: &mut Phases, to: &Schema, c: &crate::model::CompositeType) {
    let source = format!("add type {}", c.name);
    p.domains.push(stmt(
        Op::CreateComposite {
            schema: c.schema.clone(),
            name: c.name.clone(),
            sql: ddl::create_composite_sql(to, c),
        },
        &source,
    ));
    if c.comment.is_some() {
        p.comments.push(stmt(composite_comment(c), &source));
    }
}

fn composite_comment(c: &crate::model::CompositeType) -> Op {
    Op::Comment {
        on: "TYPE".into(),
        target: qualified_name(&c.schema, &c.name),
        text: c.comment.clone(),
        table: None,
    }
}

/// A dropped composite type: after what used it.
pub(super) fn drop_composite(p: &mut Phases, c: &crate::model::CompositeType) {
    p.drop_domains.push(stmt(
        Op::DropType {
            schema: c.schema.clone(),
            name: c.name.clone(),
        },
        &format!("drop type {}", c.name),
    ));
}

/// A composite type on both sides: moved, renamed, attributes dropped, added or retyped (by
/// name), comment.
pub(super) fn modify_composite(
    p: &mut Phases,
    from: &Schema,
    to: &Schema,
    a: &crate::model::CompositeType,
    b: &crate::model::CompositeType,
) {
    let source = format!("modify type {}", b.name);
    if a.schema != b.schema {
        p.rename_tables.push(stmt(
            Op::SetSchema {
                kind: ObjectKind::Type,
                schema: a.schema.clone(),
                name: a.name.clone(),
                new_schema: b.schema.clone(),
            },
            &source,
        ));
    }
    if a.name != b.name {
        p.rename_tables.push(stmt(
            Op::Rename {
                kind: ObjectKind::Type,
                schema: b.schema.clone(),
                from: a.name.clone(),
                to: b.name.clone(),
            },
            &source,
        ));
    }
    let alter = |action: String| Op::AlterComposite {
        schema: b.schema.clone(),
        name: b.name.clone(),
        action,
    };
    for x in &a.attributes {
        if !b.attributes.iter().any(|y| y.name == x.name) {
            p.domains.push(stmt(
                alter(format!(
                    "DROP ATTRIBUTE {}",
                    crate::naming::quote_ident(&x.name)
                )),
                &source,
            ));
        }
    }
    for y in &b.attributes {
        match a.attributes.iter().find(|x| x.name == y.name) {
            None => p.domains.push(stmt(
                alter(format!(
                    "ADD ATTRIBUTE {}",
                    ddl::composite_attribute_sql(to, y)
                )),
                &source,
            )),
            Some(x)
                if ddl::column_type_sql(from, &x.ty) != ddl::column_type_sql(to, &y.ty)
                    || x.collation != y.collation =>
            {
                let mut action = format!(
                    "ALTER ATTRIBUTE {} TYPE {}",
                    crate::naming::quote_ident(&y.name),
                    ddl::column_type_sql(to, &y.ty)
                );
                if let Some(c) = &y.collation {
                    action.push_str(&format!(" COLLATE {}", crate::naming::quote_ident(c)));
                }
                p.domains.push(stmt(alter(action), &source));
            }
            Some(_) => {}
        }
    }
    if a.comment != b.comment {
        p.comments.push(stmt(composite_comment(b), &source));
    }
}
