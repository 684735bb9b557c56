//! Statements for what a view carries besides its query: the indexes of a materialized view and
//! the check option of an updatable view.
//!
//! A materialized view is filled when it is created, so every index on it (on a new or
//! re-created view too) is a build over its rows under a SHARE lock; the online option builds
//! the indexes of a view that stays with CONCURRENTLY.

use super::constraints::{drop_index_hazard, rename_index};
use super::op::{Op, Relation};
use super::statement::{hazard, locked, stmt, HazardKind, PlanOptions, Statement};
use crate::diff::{Change, TableChange};
use crate::model::{Index, View};
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
