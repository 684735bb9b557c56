//! Statements for what a view carries besides its query: the indexes of a materialized view and
//! the check option of an updatable view.
//!
//! A materialized view is filled when it is created, so every index on it (on a new or
//! re-created view too) is a build over its rows under a SHARE lock; the online option builds
//! the indexes of a view that stays with CONCURRENTLY.

use super::constraints::{drop_index_hazard, rename_index};
use super::op::{Op, Relation};
use super::statement::{hazard, locked, stmt, HazardKind, PlanOptions, Statement};
use std::collections::HashSet;

use super::enums::enum_use;
use super::op::ObjectKind;
use super::Phases;
use crate::ddl::qualified_name;
use crate::diff::{Change, EnumChange, TableChange, ViewIndexChange};
use crate::model::{Enum, Id, Index, Schema, Table, View};
use crate::naming::effective_view_index_name;

/// `CREATE INDEX` on materialized view `view`; `existing`: the view stays (not created or
/// re-created by this plan), so the online option may build it concurrently.
pub(super) fn create_view_index(
    view: &View,
    ix: &Index,
    options: &PlanOptions,
    source: &str,
    existing: bool,
) -> Statement {
    let name = effective_view_index_name(view, ix);
    let concurrent = existing && options.online;
    let mut s = if concurrent {
        locked(stmt(Op::create_view_index(view, ix, true), source))
    } else {
        locked(stmt(Op::create_view_index(view, ix, false), source))
    };
    s = hazard(
        s,
        HazardKind::IndexBuild,
        if concurrent {
            format!(
                "builds {name} over every row of materialized view {} without blocking reads",
                view.name
            )
        } else {
            format!(
                "builds {name} over every row of materialized view {} (REFRESH waits meanwhile)",
                view.name
            )
        },
    );
    if ix.unique {
        s = hazard(
            s,
            HazardKind::MayFailOnExistingData,
            "fails if existing rows have duplicates",
        );
    }
    s
}

/// `DROP INDEX` of an index of materialized view `view` that stays.
pub(super) fn drop_view_index(
    view: &View,
    ix: &Index,
    options: &PlanOptions,
    source: &str,
) -> Statement {
    let name = effective_view_index_name(view, ix);
    let plain = format!("{}.{}", view.schema, name);
    let s = if options.online {
        locked(stmt(
            Op::DropIndex {
                table: Relation::new(&view.schema, &view.name),
                schema: view.schema.clone(),
                name: name.clone(),
                concurrently: true,
            },
            source,
        ))
    } else {
        locked(stmt(
            Op::DropIndex {
                table: Relation::new(&view.schema, &view.name),
                schema: view.schema.clone(),
                name: name.clone(),
                concurrently: false,
            },
            source,
        ))
    };
    drop_index_hazard(s, &plain)
}

/// `ALTER INDEX ... RENAME TO` of an index of a materialized view (already in `to`'s schema).
pub(super) fn rename_view_index(
    from: &View,
    to: &View,
    a: &Index,
    b: &Index,
    source: &str,
) -> Statement {
    rename_index(
        &to.schema,
        &effective_view_index_name(from, a),
        &effective_view_index_name(to, b),
        source,
    )
}

/// `ALTER VIEW ... SET (check_option = ...)` or `RESET (check_option)`.
pub(super) fn set_check_option(view: &View, source: &str) -> Statement {
    let op = Op::SetCheckOption {
        view: Relation::new(&view.schema, &view.name),
        option: view.check_option.map(|o| o.sql().to_ascii_lowercase()),
    };
    stmt(op, source)
}

/// Whether a query selects `*` or `x.*` (a textual check: `*` after `SELECT`, `DISTINCT`, a comma
/// or a dot, outside quotes and comments).
pub(super) fn selects_star(query: &str) -> bool {
    let (stmts, _) = crate::sql::split::split(query);
    for st in &stmts {
        let mut prev: Option<String> = None;
        for t in &st.toks {
            let text = query.get(t.start..t.end).unwrap_or_default();
            if text == "*" {
                if let Some(p) = &prev {
                    let p = p.to_ascii_uppercase();
                    if p == "SELECT" || p == "DISTINCT" || p == "," || p == "." || p == "ALL" {
                        return true;
                    }
                }
            }
            prev = Some(text.to_string());
        }
    }
    false
}

/// Which of `views` (to be created) must wait until columns are dropped: those selecting `*`
/// from a table that loses columns in `changes`, and the views reading them.
pub(super) fn created_after_dropped_columns(views: &[View], changes: &[Change]) -> Vec<bool> {
    let shrinking: Vec<&str> = changes
        .iter()
        .filter_map(|c| match c {
            Change::ModifyTable { to, changes, .. }
                if changes
                    .iter()
                    .any(|tc| matches!(tc, TableChange::DropColumn { .. })) =>
            {
                Some(to.name.as_str())
            }
            _ => None,
        })
        .collect();
    let mut late: Vec<bool> = views
        .iter()
        .map(|v| {
            let q = v.query.to_ascii_lowercase();
            selects_star(&v.query) && shrinking.iter().any(|t| crate::sql::mentions(&q, t))
        })
        .collect();
    loop {
        let mut grew = false;
        for i in 0..views.len() {
            if late[i] {
                continue;
            }
            let q = views[i].query.to_ascii_lowercase();
            if (0..views.len()).any(|j| late[j] && crate::sql::mentions(&q, &views[j].name)) {
                late[i] = true;
                grew = true;
            }
        }
        if !grew {
            return late;
        }
    }
}

/// Drops, first, the views that are dropped or redefined, those calling a routine dropped or
/// re-created, and those reading a table or enum whose shape changes (conservatively, by name in the query text), dependents before what they read.
/// Returns the views to (re)create — redefined, kept or new ones are added by the caller — and
/// the ids of the views dropped.
pub(super) fn drop_dependent_views(
    p: &mut Phases,
    from: &Schema,
    to: &Schema,
    changes: &[Change],
) -> (Vec<View>, HashSet<Id>) {
    let changed_tables: Vec<&Table> = changes
        .iter()
        .filter_map(|c| match c {
            Change::ModifyTable { from, changes, .. }
                if changes.iter().any(|tc| {
                    matches!(
                        tc,
                        TableChange::Rename
                            | TableChange::Repartition
                            | TableChange::SetSchema
                            | TableChange::DropColumn { .. }
                            | TableChange::RenameColumn { .. }
                            | TableChange::AlterColumn { .. }
                    )
                }) =>
            {
                Some(from)
            }
            Change::DropTable { from } => Some(from),
            _ => None,
        })
        .collect();
    let changed_enums: Vec<&Enum> = changes
        .iter()
        .filter_map(|c| match c {
            Change::ModifyEnum { from, changes, .. }
                if changes
                    .iter()
                    .any(|e| matches!(e, EnumChange::Rebuild { .. })) =>
            {
                Some(from)
            }
            _ => None,
        })
        .collect();
    // A rebuilt enum retypes every column of it: views over those tables must go too, even when
    // their text never names the type.
    let enum_tables: Vec<&Table> = from
        .tables
        .iter()
        .filter(|t| {
            t.columns.iter().any(|c| {
                changed_enums
                    .iter()
                    .any(|e| enum_use(&c.ty, &e.id).is_some())
            })
        })
        .collect();
    // Routines dropped, or dropped to be created again: PostgreSQL refuses while a view calls
    // them.
    let changed_routines: Vec<&str> = changes
        .iter()
        .filter_map(|c| match c {
            Change::DropFunction { from } => Some(from.name.as_str()),
            Change::ModifyFunction { from, changes, .. } if changes.recreated => {
                Some(from.name.as_str())
            }
            _ => None,
        })
        .collect();
    // A domain re-created for a new base type retypes its columns twice.
    let domain_tables: Vec<&Table> = changes
        .iter()
        .filter_map(|c| match c {
            Change::ModifyDomain {
                from: d, changes, ..
            } if changes.base => Some(d),
            _ => None,
        })
        .flat_map(|d| super::domains::domain_columns(from, d))
        .map(|(t, _)| t)
        .collect();
    // Every name a view may read that makes it change, lowercased once for all the views.
    let lowercase = |names: &mut dyn Iterator<Item = &str>| -> Vec<String> {
        names.map(str::to_ascii_lowercase).collect()
    };
    let changed_names: Vec<String> = [
        lowercase(&mut domain_tables.iter().map(|t| t.name.as_str())),
        lowercase(&mut changed_routines.iter().copied()),
        lowercase(&mut changed_tables.iter().map(|t| t.name.as_str())),
        lowercase(&mut enum_tables.iter().map(|t| t.name.as_str())),
        lowercase(&mut changed_enums.iter().map(|e| e.name.as_str())),
    ]
    .concat();
    let reads_changed = |v: &View| {
        let q = v.query.to_ascii_lowercase();
        changed_names
            .iter()
            .any(|n| crate::sql::mentions_lowercase(&q, n))
    };
    let mut recreate_views: Vec<View> = Vec::new();
    let mut dropped_view_ids: HashSet<crate::model::Id> = HashSet::new();
    type ViewChange<'a> = Option<Option<(&'a View, bool, bool)>>;
    let view_change = |v: &View| -> ViewChange<'_> {
        changes.iter().find_map(|c| match c {
            Change::DropView { from } if from.id == v.id => Some(None),
            Change::ModifyView {
                from,
                to,
                redefined,
                renamed,
                ..
            } if from.id == v.id => Some(Some((to, *redefined, *renamed))),
            _ => None,
        })
    };
    let mut must_drop: Vec<bool> = from
        .views
        .iter()
        .map(|v| {
            (match view_change(v) {
                Some(None) => true,
                Some(Some((_, redefined, _))) => redefined,
                None => false,
            }) || reads_changed(v)
        })
        .collect();
    // A view reading a view that is dropped must go first (PostgreSQL refuses to drop a view
    // others depend on), and comes back after it: transitively, by name in the query text.
    loop {
        let mut grew = false;
        for i in 0..from.views.len() {
            if must_drop[i] {
                continue;
            }
            let q = from.views[i].query.to_ascii_lowercase();
            if from
                .views
                .iter()
                .enumerate()
                .any(|(j, w)| j != i && must_drop[j] && crate::sql::mentions(&q, &w.name))
            {
                must_drop[i] = true;
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    // Dependents before what they read: the reverse of the creation order.
    let mut drop_order = crate::ddl::view_creation_order(&from.views);
    drop_order.reverse();
    for i in drop_order {
        let v = &from.views[i];
        if !must_drop[i] {
            continue;
        }
        let change = view_change(v);
        let source = format!("view {}", v.name);
        p.drop_views.push(stmt(
            Op::DropView {
                schema: v.schema.clone(),
                name: v.name.clone(),
                materialized: v.materialized,
            },
            &source,
        ));
        dropped_view_ids.insert(v.id.clone());
        if let Some(Some((to_view, _, _))) = change {
            recreate_views.push(to_view.clone());
        } else if change.is_none() {
            if let Some(same) = to.views.iter().find(|x| x.id == v.id) {
                recreate_views.push(same.clone());
            }
        }
    }

    (recreate_views, dropped_view_ids)
}

/// A view that stays (not dropped above): moved, renamed, check option, indexes and comment.
pub(super) fn modify_view(
    p: &mut Phases,
    change: &Change,
    dropped_view_ids: &HashSet<Id>,
    options: &PlanOptions,
) {
    let Change::ModifyView {
        from: a,
        to: b,
        renamed,
        redefined,
        comment,
        check_option,
        indexes,
    } = change
    else {
        return;
    };
    if !dropped_view_ids.contains(&a.id) {
        if *renamed {
            let kind = if a.materialized {
                ObjectKind::MaterializedView
            } else {
                ObjectKind::View
            };
            if a.schema != b.schema {
                p.views.push(stmt(
                    Op::SetSchema {
                        kind,
                        schema: a.schema.clone(),
                        name: a.name.clone(),
                        new_schema: b.schema.clone(),
                    },
                    &format!("move view {}", b.name),
                ));
            }
            if a.name != b.name {
                p.views.push(stmt(
                    Op::Rename {
                        kind,
                        schema: b.schema.clone(),
                        from: a.name.clone(),
                        to: b.name.clone(),
                    },
                    &format!("rename view {}", a.name),
                ));
            }
        }
        let source = format!("modify view {}", b.name);
        if *check_option {
            p.views.push(set_check_option(b, &source));
        }
        for ic in indexes {
            match ic {
                ViewIndexChange::Drop { index } => p
                    .drop_constraints
                    .push(drop_view_index(a, index, options, &source)),
                ViewIndexChange::Rename { from: x, to: y } => {
                    p.views.push(rename_view_index(a, b, x, y, &source))
                }
                ViewIndexChange::Add { .. } => {}
            }
        }
        for ic in indexes {
            if let ViewIndexChange::Add { index } = ic {
                p.views
                    .push(create_view_index(b, index, options, &source, true));
            }
        }
        if *comment && !*redefined {
            let kw = if b.materialized {
                "MATERIALIZED VIEW"
            } else {
                "VIEW"
            };
            let op = Op::Comment {
                on: kw.into(),
                target: qualified_name(&b.schema, &b.name),
                text: b.comment.clone(),
                table: None,
            };
            p.comments
                .push(stmt(op, &format!("comment on view {}", b.name)));
        }
    }
}

/// (Re)creates `views` in dependency order among themselves, with the indexes of materialized
/// views and comments.
pub(super) fn create_views(
    p: &mut Phases,
    recreate_views: &[View],
    changes: &[Change],
    options: &PlanOptions,
) {
    // (Re)create views in dependency order among themselves. PostgreSQL expands `*` when a view
    // is created: a view selecting `*` from a table that loses columns (and the views reading
    // it) is created once they are gone.
    let order = crate::ddl::view_creation_order(recreate_views);
    let late = created_after_dropped_columns(recreate_views, changes);
    for i in order {
        let v = &recreate_views[i];
        let source = format!("view {}", v.name);
        let mut out = vec![stmt(Op::create_view(v), &source)];
        if v.materialized {
            for ix in &v.indexes {
                out.push(create_view_index(v, ix, options, &source, false));
            }
        }
        let mut comment = Vec::new();
        if let Some(c) = &v.comment {
            let kw = if v.materialized {
                "MATERIALIZED VIEW"
            } else {
                "VIEW"
            };
            comment.push(stmt(
                Op::Comment {
                    on: kw.into(),
                    target: qualified_name(&v.schema, &v.name),
                    text: Some(c.clone()),
                    table: None,
                },
                &source,
            ));
        }
        if late[i] {
            p.late_views.extend(out);
            p.late_views.extend(comment);
        } else {
            p.views.extend(out);
            p.comments.extend(comment);
        }
    }
}
