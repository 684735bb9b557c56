//! Turns the changes of [`crate::diff`] into ordered PostgreSQL statements, each with whether it
//! can run in a transaction, the hazards it carries and the change it came from.
//!
//! Order, so that every statement finds what it needs and nothing is dropped while still in use:
//! 1. views that are dropped, redefined or read a changed table are dropped;
//! 2. foreign keys that go away or change are dropped, then other constraints and indexes;
//! 3. schemas are created; enums are created, renamed, given new labels or rebuilt;
//! 4. tables are renamed or moved, new tables created;
//! 5. columns are renamed, added and altered (type changes with `USING` when a cast is needed);
//! 6. constraints and indexes are added or renamed, then foreign keys (cycles are fine, since
//!    they come after every table exists);
//! 7. views are (re)created, comments set;
//! 8. last, what deletes data: columns, tables, then enum types and schemas no longer used.
//!
//! Planning needs no database. The reverse (down) migration is the plan of the opposite diff;
//! statements that re-create dropped objects say that the data is not restored.

use std::collections::{BTreeSet, HashSet};

use serde::{Deserialize, Serialize};

use crate::ddl::{self, qualified_name};
use crate::diff::{diff, effective_not_null, Change, Constraint, EnumChange, TableChange};
use crate::model::{Column, ColumnType, Enum, Identity, Schema, Table, View};
use crate::naming::{quote_ident, quote_literal};

mod undo;

/// Planning options.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanOptions {
    /// Prefer online-friendly forms: `CREATE/DROP INDEX CONCURRENTLY`, and foreign keys and checks
    /// added `NOT VALID` then validated in a separate statement.
    #[serde(default)]
    pub online: bool,
}

/// What can go wrong with a statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HazardKind {
    /// Data is deleted or cannot be brought back.
    DeletesData,
    /// Fails if existing rows violate it.
    MayFailOnExistingData,
    /// Takes a lock that blocks reads and writes (ACCESS EXCLUSIVE) or rewrites the table.
    LocksTable,
    /// Cannot run inside a transaction block.
    NotTransactional,
    /// Re-creates something the other direction dropped: its data is not restored.
    DataNotRestored,
}

impl HazardKind {
    /// The label used in SQL comments and the UI.
    pub fn label(&self) -> &'static str {
        match self {
            HazardKind::DeletesData => "deletes data",
            HazardKind::MayFailOnExistingData => "may fail on existing data",
            HazardKind::LocksTable => "locks or rewrites the table",
            HazardKind::NotTransactional => "not transactional",
            HazardKind::DataNotRestored => "data not restored",
        }
    }
}

/// One hazard of a statement, with an explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hazard {
    /// The kind.
    pub kind: HazardKind,
    /// Why, in words.
    pub message: String,
}

/// One planned statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    /// The SQL, ending with `;`.
    pub sql: String,
    /// Whether it may run inside a transaction.
    pub transactional: bool,
    /// Its hazards.
    pub hazards: Vec<Hazard>,
    /// The change it came from, in words (`modify table wealth: add column status`).
    pub source: String,
    /// The statement that undoes this one on its own, when there is one that needs nothing but
    /// the statement itself (renames, added columns, tables, indexes and constraints, NOT NULL).
    /// `None` for what cannot be undone without the old definition or the lost data (drops, type
    /// changes, defaults): the down plan ([`reverse`]) covers those, and says where data is not
    /// restored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reverse: Option<String>,
}

/// An ordered migration.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// The statements in the order they must run.
    pub statements: Vec<Statement>,
}

impl Plan {
    /// True when there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.statements.is_empty()
    }

    /// The migration as SQL text, hazards as `-- hazard: <kind>: <text>` comments above each
    /// statement and non-transactional statements marked.
    pub fn to_sql(&self) -> String {
        let mut out = String::new();
        for s in &self.statements {
            for h in &s.hazards {
                out.push_str(&format!("-- hazard: {}: {}\n", h.kind.label(), h.message));
            }
            out.push_str(&s.sql);
            out.push_str("\n\n");
        }
        out
    }

    /// Every hazard kind present.
    pub fn hazard_kinds(&self) -> BTreeSet<HazardKind> {
        self.statements
            .iter()
            .flat_map(|s| s.hazards.iter().map(|h| h.kind))
            .collect()
    }
}

/// Diff then plan: the migration from `from` to `to`.
pub fn migrate(from: &Schema, to: &Schema, options: &PlanOptions) -> Plan {
    let changes = diff(from, to);
    plan(from, to, &changes, options)
}

/// The down migration: from `to` back to `from`, with re-created objects marked as not restoring
/// their data.
pub fn reverse(from: &Schema, to: &Schema, options: &PlanOptions) -> Plan {
    let mut down = migrate(to, from, options);
    // The forward plan's drops are what the reverse re-creates.
    let up = diff(from, to);
    let dropped_tables: HashSet<String> = up
        .iter()
        .filter_map(|c| match c {
            Change::DropTable { from } => Some(ddl::table_name_sql(from)),
            _ => None,
        })
        .collect();
    let dropped_columns: HashSet<String> = up
        .iter()
        .flat_map(|c| match c {
            Change::ModifyTable {
                from: t, changes, ..
            } => changes
                .iter()
                .filter_map(|tc| match tc {
                    TableChange::DropColumn { column } => Some(format!(
                        "ALTER TABLE {} ADD COLUMN {} ",
                        ddl::table_name_sql(t),
                        quote_ident(&column.name)
                    )),
                    _ => None,
                })
                .collect::<Vec<_>>(),
            _ => vec![],
        })
        .collect();
    for s in &mut down.statements {
        let table_recreated = dropped_tables
            .iter()
            .any(|t| s.sql.starts_with(&format!("CREATE TABLE {t} (")));
        let column_recreated = dropped_columns
            .iter()
            .any(|prefix| s.sql.starts_with(prefix));
        if (table_recreated || column_recreated)
            && !s
                .hazards
                .iter()
                .any(|h| h.kind == HazardKind::DataNotRestored)
        {
            s.hazards.push(Hazard {
                kind: HazardKind::DataNotRestored,
                message: "re-created empty: the data it held is not restored".into(),
            });
        }
    }
    down
}

#[derive(Default)]
struct Phases {
    drop_views: Vec<Statement>,
    drop_fks: Vec<Statement>,
    drop_constraints: Vec<Statement>,
    /// Tables dropped whose name a renamed or moved table takes: dropped before the rename.
    drop_tables_early: Vec<Statement>,
    schemas: Vec<Statement>,
    enums: Vec<Statement>,
    /// Table renames and moves, and constraint and index renames: before creates, so a new
    /// table (and its constraints) can take a name being freed.
    rename_tables: Vec<Statement>,
    tables: Vec<Statement>,
    columns: Vec<Statement>,
    add_constraints: Vec<Statement>,
    add_fks: Vec<Statement>,
    views: Vec<Statement>,
    comments: Vec<Statement>,
    drop_columns: Vec<Statement>,
    drop_tables: Vec<Statement>,
    drop_enums: Vec<Statement>,
    drop_schemas: Vec<Statement>,
}

fn stmt(sql: impl Into<String>, source: &str) -> Statement {
    Statement {
        sql: sql.into(),
        transactional: true,
        hazards: Vec::new(),
        source: source.to_string(),
        reverse: None,
    }
}

fn hazard(mut s: Statement, kind: HazardKind, message: impl Into<String>) -> Statement {
    s.hazards.push(Hazard {
        kind,
        message: message.into(),
    });
    s
}

fn lock(s: Statement, table: &str) -> Statement {
    hazard(
        s,
        HazardKind::LocksTable,
        format!("takes an ACCESS EXCLUSIVE lock on {table}"),
    )
}

/// Orders and renders `changes` (which must come from `diff(from, to)`).
pub fn plan(from: &Schema, to: &Schema, changes: &[Change], options: &PlanOptions) -> Plan {
    let mut p = Phases::default();

    // Views that must be dropped first: dropped or redefined ones, and any view reading a table
    // whose shape changes (conservatively, by name in the query text).
    let changed_tables: Vec<&Table> = changes
        .iter()
        .filter_map(|c| match c {
            Change::ModifyTable { from, changes, .. }
                if changes.iter().any(|tc| {
                    matches!(
                        tc,
                        TableChange::Rename
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
    let reads_changed = |v: &View| {
        let q = v.query.to_ascii_lowercase();
        changed_tables.iter().any(|t| mentions(&q, &t.name))
            || enum_tables.iter().any(|t| mentions(&q, &t.name))
            || changed_enums.iter().any(|e| mentions(&q, &e.name))
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
                .any(|(j, w)| j != i && must_drop[j] && mentions(&q, &w.name))
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
    let mut drop_order = ddl::view_creation_order(&from.views);
    drop_order.reverse();
    for i in drop_order {
        let v = &from.views[i];
        if !must_drop[i] {
            continue;
        }
        let change = view_change(v);
        let kw = if v.materialized {
            "MATERIALIZED VIEW"
        } else {
            "VIEW"
        };
        let source = format!("view {}", v.name);
        p.drop_views.push(stmt(
            format!(
                "DROP {kw} IF EXISTS {};",
                qualified_name(&v.schema, &v.name)
            ),
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

    for change in changes {
        match change {
            Change::AddSchema { name } => p.schemas.push(stmt(
                ddl::create_namespace_sql(name),
                &format!("add schema {name}"),
            )),
            Change::DropSchema { name } => p.drop_schemas.push(hazard(
                stmt(
                    format!("DROP SCHEMA {};", quote_ident(name)),
                    &format!("drop schema {name}"),
                ),
                HazardKind::DeletesData,
                format!("drops schema {name}"),
            )),
            Change::AddEnum { to: e } => {
                p.enums.push(stmt(
                    ddl::create_enum_sql(e),
                    &format!("add enum {}", e.name),
                ));
                if let Some(c) = &e.comment {
                    p.comments.push(stmt(
                        ddl::comment_sql("TYPE", &qualified_name(&e.schema, &e.name), c),
                        &format!("comment on enum {}", e.name),
                    ));
                }
            }
            Change::DropEnum { from: e } => p.drop_enums.push(stmt(
                format!("DROP TYPE {};", qualified_name(&e.schema, &e.name)),
                &format!("drop enum {}", e.name),
            )),
            Change::ModifyEnum {
                from: a,
                to: b,
                changes: ec,
            } => plan_enum(&mut p, from, to, a, b, ec, changes, options),
            Change::AddTable { to: t } => {
                let source = format!("add table {}", t.name);
                p.tables.push(stmt(ddl::create_table_sql(to, t), &source));
                // The table is empty: its foreign keys hold at once and need no NOT VALID step.
                for fk in &t.foreign_keys {
                    p.add_fks
                        .push(stmt(ddl::add_foreign_key_sql(to, t, fk), &source));
                }
                for ix in &t.indexes {
                    p.add_constraints
                        .push(create_index(to, t, ix, options, &source, true));
                }
                for c in ddl::table_comment_statements(t) {
                    p.comments.push(stmt(c, &source));
                }
            }
            Change::DropTable { from: t } => {
                let name = ddl::table_name_sql(t);
                // A table renamed or moved onto this one's name needs it gone first.
                let name_taken = changes.iter().any(|c| {
                    matches!(c, Change::ModifyTable { from: x, to: y, .. }
                        if (x.schema != y.schema || x.name != y.name)
                            && y.schema == t.schema
                            && y.name == t.name)
                });
                let source = format!("drop table {}", t.name);
                // Its own FKs go first so tables it references can be dropped in any order.
                for fk in &t.foreign_keys {
                    p.drop_fks.push(stmt(
                        format!(
                            "ALTER TABLE {name} DROP CONSTRAINT IF EXISTS {};",
                            quote_ident(&crate::naming::effective_fk_name(from, t, fk))
                        ),
                        &source,
                    ));
                }
                let drop = hazard(
                    stmt(format!("DROP TABLE {name};"), &source),
                    HazardKind::DeletesData,
                    format!("drops table {} and all its rows", t.name),
                );
                if name_taken {
                    p.drop_tables_early.push(drop);
                } else {
                    p.drop_tables.push(drop);
                }
            }
            Change::ModifyTable {
                from: a,
                to: b,
                changes: tc,
            } => plan_table(&mut p, from, to, a, b, tc, options),
            Change::AddView { to: v } => {
                recreate_views.push(v.clone());
            }
            Change::DropView { .. } => {}
            Change::ModifyView {
                from: a,
                to: b,
                renamed,
                redefined,
                comment,
            } => {
                if !dropped_view_ids.contains(&a.id) {
                    if *renamed {
                        let kw = if a.materialized {
                            "MATERIALIZED VIEW"
                        } else {
                            "VIEW"
                        };
                        if a.schema != b.schema {
                            p.views.push(stmt(
                                format!(
                                    "ALTER {kw} {} SET SCHEMA {};",
                                    qualified_name(&a.schema, &a.name),
                                    quote_ident(&b.schema)
                                ),
                                &format!("move view {}", b.name),
                            ));
                        }
                        if a.name != b.name {
                            p.views.push(stmt(
                                format!(
                                    "ALTER {kw} {} RENAME TO {};",
                                    qualified_name(&b.schema, &a.name),
                                    quote_ident(&b.name)
                                ),
                                &format!("rename view {}", a.name),
                            ));
                        }
                    }
                    if *comment && !*redefined {
                        let kw = if b.materialized {
                            "MATERIALIZED VIEW"
                        } else {
                            "VIEW"
                        };
                        let target = qualified_name(&b.schema, &b.name);
                        let sql = match &b.comment {
                            Some(c) => ddl::comment_sql(kw, &target, c),
                            None => format!("COMMENT ON {kw} {target} IS NULL;"),
                        };
                        p.comments
                            .push(stmt(sql, &format!("comment on view {}", b.name)));
                    }
                }
            }
        }
    }

    replace_fks_on_dropped_keys(&mut p, from, to, changes, options);

    // (Re)create views in dependency order among themselves.
    let order = ddl::view_creation_order(&recreate_views);
    for i in order {
        let v = &recreate_views[i];
        let source = format!("view {}", v.name);
        p.views.push(stmt(ddl::create_view_sql(v), &source));
        if let Some(c) = &v.comment {
            let kw = if v.materialized {
                "MATERIALIZED VIEW"
            } else {
                "VIEW"
            };
            p.comments.push(stmt(
                ddl::comment_sql(kw, &qualified_name(&v.schema, &v.name), c),
                &source,
            ));
        }
    }

    let Phases {
        drop_views,
        drop_fks,
        drop_constraints,
        drop_tables_early,
        schemas,
        enums,
        rename_tables,
        tables,
        columns,
        add_constraints,
        add_fks,
        views,
        comments,
        drop_columns,
        drop_tables,
        drop_enums,
        drop_schemas,
    } = p;
    let statements = [
        drop_views,
        drop_fks,
        drop_constraints,
        drop_tables_early,
        schemas,
        enums,
        rename_tables,
        tables,
        columns,
        add_constraints,
        add_fks,
        views,
        comments,
        drop_columns,
        drop_tables,
        drop_enums,
        drop_schemas,
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut statements: Vec<Statement> = statements;
    for s in &mut statements {
        s.reverse = undo::undo(&s.sql);
    }
    Plan { statements }
}

/// A foreign key depends on the unique index (primary key, unique constraint or unique index) of
/// the columns it references: PostgreSQL refuses to drop that key while the foreign key exists.
/// Foreign keys the diff leaves alone but whose key is dropped (to be replaced, say a unique
/// constraint becoming a unique index) are dropped first and added back once the new key exists.
fn replace_fks_on_dropped_keys(
    p: &mut Phases,
    from: &Schema,
    to: &Schema,
    changes: &[Change],
    options: &PlanOptions,
) {
    let mut dropped_keys: Vec<(&crate::model::Id, BTreeSet<&crate::model::Id>)> = Vec::new();
    let mut touched_fks: HashSet<&crate::model::Id> = HashSet::new();
    for c in changes {
        if let Change::ModifyTable {
            from: a, changes, ..
        } = c
        {
            for tc in changes {
                match tc {
                    TableChange::DropConstraint { constraint } => match constraint {
                        Constraint::PrimaryKey(pk) => {
                            dropped_keys.push((&a.id, pk.columns.iter().collect()))
                        }
                        Constraint::Unique(u) => {
                            dropped_keys.push((&a.id, u.columns.iter().collect()))
                        }
                        Constraint::Index(ix) if ix.unique && ix.predicate.is_none() => {
                            let cols: Option<BTreeSet<_>> = ix
                                .parts
                                .iter()
                                .map(|part| match &part.key {
                                    crate::model::IndexKey::Column(id) => Some(id),
                                    crate::model::IndexKey::Expression(_) => None,
                                })
                                .collect();
                            if let Some(cols) = cols {
                                dropped_keys.push((&a.id, cols));
                            }
                        }
                        Constraint::ForeignKey(fk) => {
                            touched_fks.insert(&fk.id);
                        }
                        _ => {}
                    },
                    TableChange::AddConstraint {
                        constraint: Constraint::ForeignKey(fk),
                    } => {
                        touched_fks.insert(&fk.id);
                    }
                    _ => {}
                }
            }
        }
    }
    if dropped_keys.is_empty() {
        return;
    }
    for t in &from.tables {
        // Tables dropped as a whole take their foreign keys with them.
        let Some(new_t) = to.tables.iter().find(|x| x.id == t.id) else {
            continue;
        };
        for fk in &t.foreign_keys {
            if touched_fks.contains(&fk.id) {
                continue;
            }
            let refs: BTreeSet<&crate::model::Id> = fk.ref_columns.iter().collect();
            if !dropped_keys
                .iter()
                .any(|(table, cols)| **table == fk.ref_table && *cols == refs)
            {
                continue;
            }
            let source = format!(
                "modify table {}: re-add foreign key over a replaced key",
                new_t.name
            );
            p.drop_fks.push(stmt(
                format!(
                    "ALTER TABLE {} DROP CONSTRAINT IF EXISTS {};",
                    ddl::table_name_sql(t),
                    quote_ident(&crate::naming::effective_fk_name(from, t, fk))
                ),
                &source,
            ));
            let old_name = crate::naming::effective_fk_name(from, t, fk);
            let new_fk = new_t
                .foreign_keys
                .iter()
                .find(|x| x.id == fk.id)
                .or_else(|| {
                    new_t
                        .foreign_keys
                        .iter()
                        .find(|x| crate::naming::effective_fk_name(to, new_t, x) == old_name)
                });
            if let Some(new_fk) = new_fk {
                p.add_fks.push(add_fk(to, new_t, new_fk, options, &source));
                if options.online {
                    let name = crate::naming::effective_fk_name(to, new_t, new_fk);
                    p.add_fks.push(validate_constraint(new_t, &name, &source));
                }
            }
        }
    }
}

/// Whether `name` appears as a whole identifier word in `query_lower` (lowercased SQL text).
pub(crate) fn mentions(query_lower: &str, name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    let bytes = query_lower.as_bytes();
    let mut start = 0;
    while let Some(pos) = query_lower[start..].find(&name) {
        let at = start + pos;
        let before_ok = at == 0 || !is_ident_byte(bytes[at - 1]);
        let end = at + name.len();
        let after_ok = end >= bytes.len() || !is_ident_byte(bytes[end]);
        if before_ok && after_ok {
            return true;
        }
        start = at + 1;
    }
    false
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

#[allow(clippy::too_many_arguments)]
fn plan_enum(
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
    let old_name = qualified_name(&a.schema, &a.name);
    let new_name = qualified_name(&b.schema, &b.name);
    let mut current = old_name.clone();
    for c in changes {
        if let EnumChange::Rename = c {
            if a.schema != b.schema {
                p.enums.push(stmt(
                    format!(
                        "ALTER TYPE {current} SET SCHEMA {};",
                        quote_ident(&b.schema)
                    ),
                    &source,
                ));
                current = qualified_name(&b.schema, &a.name);
            }
            if a.name != b.name {
                p.enums.push(stmt(
                    format!("ALTER TYPE {current} RENAME TO {};", quote_ident(&b.name)),
                    &source,
                ));
            }
        }
    }
    for c in changes {
        match c {
            EnumChange::Rename | EnumChange::Comment => {}
            EnumChange::RenameValue { from: x, to: y } => p.enums.push(stmt(
                format!(
                    "ALTER TYPE {new_name} RENAME VALUE {} TO {};",
                    quote_literal(x),
                    quote_literal(y)
                ),
                &source,
            )),
            EnumChange::AddValue {
                value,
                before,
                after,
            } => {
                let position = match (before, after) {
                    (Some(x), _) => format!(" BEFORE {}", quote_literal(x)),
                    (None, Some(x)) => format!(" AFTER {}", quote_literal(x)),
                    _ => String::new(),
                };
                let mut s = stmt(
                    format!(
                        "ALTER TYPE {new_name} ADD VALUE {}{position};",
                        quote_literal(value)
                    ),
                    &source,
                );
                s.transactional = false;
                p.enums.push(hazard(s, HazardKind::NotTransactional, "a new enum label cannot be used in the transaction that adds it; run outside a transaction"));
            }
            EnumChange::Rebuild { removed } => {
                plan_enum_rebuild(p, from, to, a, b, removed, &source, all, options)
            }
        }
    }
    if changes.contains(&EnumChange::Comment) {
        let sql = match &b.comment {
            Some(c) => ddl::comment_sql("TYPE", &new_name, c),
            None => format!("COMMENT ON TYPE {new_name} IS NULL;"),
        };
        p.comments.push(stmt(sql, &source));
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
    let old_tmp_q = qualified_name(&b.schema, &old_tmp);
    p.enums.push(stmt(
        format!("ALTER TYPE {new_name} RENAME TO {};", quote_ident(&old_tmp)),
        source,
    ));
    p.enums.push(stmt(ddl::create_enum_sql(b), source));
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
            let table = qualified_name(&old_t.schema, &old_t.name);
            let col = quote_ident(&old_c.name);
            rebuild_over_enum_column(p, from, to, old_t, t, &old_c.name, all, options, source);
            let cast = if array {
                format!("{col}::text[]::{new_name}[]")
            } else {
                format!("{col}::text::{new_name}")
            };
            if old_c.default.is_some() {
                p.enums.push(stmt(
                    format!("ALTER TABLE {table} ALTER COLUMN {col} DROP DEFAULT;"),
                    source,
                ));
            }
            let mut s = stmt(
                format!(
                    "ALTER TABLE {table} ALTER COLUMN {col} TYPE {new_name}{} USING {cast};",
                    if array { "[]" } else { "" }
                ),
                source,
            );
            s = lock(s, &old_t.name);
            if !removed.is_empty() {
                s = hazard(
                    s,
                    HazardKind::MayFailOnExistingData,
                    format!("rows holding {} cannot be converted", removed.join(", ")),
                );
            }
            p.enums.push(s);
            if let Some(d) = ddl::default_sql(to, c) {
                p.enums.push(stmt(
                    format!("ALTER TABLE {table} ALTER COLUMN {col} SET DEFAULT {d};"),
                    source,
                ));
            }
        }
    }
    let mut drop = stmt(format!("DROP TYPE {old_tmp_q};"), source);
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
        p.drop_constraints.push(stmt(
            format!(
                "ALTER TABLE {} DROP CONSTRAINT IF EXISTS {};",
                ddl::table_name_sql(old_t),
                quote_ident(&ck.name)
            ),
            source,
        ));
        if let Some(new_ck) = new_t.checks.iter().find(|x| x.id == ck.id) {
            p.add_constraints.push(hazard(
                stmt(
                    format!(
                        "ALTER TABLE {} ADD {};",
                        ddl::table_name_sql(new_t),
                        ddl::check_constraint_sql(new_ck)
                    ),
                    source,
                ),
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
        p.drop_constraints.push(stmt(
            format!(
                "DROP INDEX IF EXISTS {};",
                qualified_name(
                    &old_t.schema,
                    &crate::naming::effective_index_name(old_t, ix)
                )
            ),
            source,
        ));
        if let Some(new_ix) = new_t.indexes.iter().find(|x| x.id == ix.id) {
            p.add_constraints
                .push(create_index(to, new_t, new_ix, options, source, false));
        }
    }
    let _ = from;
}

/// Whether a type uses the enum `id`: `Some(false)` directly, `Some(true)` as an array.
fn enum_use(ty: &ColumnType, id: &crate::model::Id) -> Option<bool> {
    match ty {
        ColumnType::Enum { id: e } if e == id => Some(false),
        ColumnType::Array { element } => enum_use(element, id).map(|_| true),
        _ => None,
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

fn add_fk(
    schema: &Schema,
    table: &Table,
    fk: &crate::model::ForeignKey,
    options: &PlanOptions,
    source: &str,
) -> Statement {
    let sql = ddl::add_foreign_key_sql(schema, table, fk);
    if options.online {
        let sql = format!("{} NOT VALID;", sql.trim_end_matches(';'));
        stmt(sql, source)
    } else {
        hazard(
            stmt(sql, source),
            HazardKind::MayFailOnExistingData,
            "existing rows must satisfy the new foreign key",
        )
    }
}

fn validate_constraint(table: &Table, name: &str, source: &str) -> Statement {
    hazard(
        stmt(
            format!(
                "ALTER TABLE {} VALIDATE CONSTRAINT {};",
                ddl::table_name_sql(table),
                quote_ident(name)
            ),
            source,
        ),
        HazardKind::MayFailOnExistingData,
        format!("fails if existing rows of {} violate {name}", table.name),
    )
}

fn create_index(
    schema: &Schema,
    table: &Table,
    ix: &crate::model::Index,
    options: &PlanOptions,
    source: &str,
    new_table: bool,
) -> Statement {
    let sql = ddl::create_index_sql(schema, table, ix);
    let mut s = if options.online && !new_table {
        let mut s = stmt(sql.replacen("INDEX ", "INDEX CONCURRENTLY ", 1), source);
        s.transactional = false;
        hazard(
            s,
            HazardKind::NotTransactional,
            "CREATE INDEX CONCURRENTLY cannot run inside a transaction",
        )
    } else if new_table {
        stmt(sql, source)
    } else {
        hazard(stmt(sql, source), HazardKind::LocksTable, format!("blocks writes to {} while the index builds (use the online option for CONCURRENTLY)", table.name))
    };
    if ix.unique && !new_table {
        s = hazard(
            s,
            HazardKind::MayFailOnExistingData,
            "fails if existing rows have duplicates",
        );
    }
    s
}

#[allow(clippy::too_many_arguments)]
fn plan_table(
    p: &mut Phases,
    from: &Schema,
    to: &Schema,
    a: &Table,
    b: &Table,
    changes: &[TableChange],
    options: &PlanOptions,
) {
    let source = format!("modify table {}", b.name);
    let old_name = ddl::table_name_sql(a);
    let new_name = ddl::table_name_sql(b);

    // Drops of constraints happen before renames, under the old names.
    for c in changes {
        if let TableChange::DropConstraint { constraint } = c {
            let name = quote_ident(&constraint.name(from, a)).into_owned();
            let s = match constraint {
                Constraint::Index(_) if options.online => {
                    let mut s = stmt(
                        format!(
                            "DROP INDEX CONCURRENTLY IF EXISTS {};",
                            qualified_name(&a.schema, &constraint.name(from, a))
                        ),
                        &source,
                    );
                    s.transactional = false;
                    hazard(
                        s,
                        HazardKind::NotTransactional,
                        "DROP INDEX CONCURRENTLY cannot run inside a transaction",
                    )
                }
                Constraint::Index(_) => stmt(
                    format!(
                        "DROP INDEX IF EXISTS {};",
                        qualified_name(&a.schema, &constraint.name(from, a))
                    ),
                    &source,
                ),
                _ => stmt(
                    format!("ALTER TABLE {old_name} DROP CONSTRAINT IF EXISTS {name};"),
                    &source,
                ),
            };
            if constraint.is_foreign_key() {
                p.drop_fks.push(s);
            } else {
                p.drop_constraints.push(s);
            }
        }
    }
    // Foreign keys of this table that point at a table being dropped are dropped in the diff
    // already (the target table is gone from `to`, so the FK is gone too).

    if changes.contains(&TableChange::SetSchema) {
        p.rename_tables.push(lock(
            stmt(
                format!(
                    "ALTER TABLE {old_name} SET SCHEMA {};",
                    quote_ident(&b.schema)
                ),
                &source,
            ),
            &a.name,
        ));
    }
    if changes.contains(&TableChange::Rename) {
        let current = qualified_name(&b.schema, &a.name);
        p.rename_tables.push(lock(
            stmt(
                format!("ALTER TABLE {current} RENAME TO {};", quote_ident(&b.name)),
                &source,
            ),
            &a.name,
        ));
    }
    // A column renamed onto the name of a column that is dropped needs that one gone first.
    let renamed_to: Vec<&str> = changes
        .iter()
        .filter_map(|c| match c {
            TableChange::RenameColumn { to, .. } => Some(to.as_str()),
            _ => None,
        })
        .collect();
    let mut dropped_early: HashSet<&str> = HashSet::new();
    for c in changes {
        if let TableChange::DropColumn { column } = c {
            if renamed_to.contains(&column.name.as_str()) {
                dropped_early.insert(&column.name);
                p.columns.push(drop_column(b, column, &source));
            }
        }
    }
    for c in changes {
        if let TableChange::RenameColumn { from: x, to: y } = c {
            p.columns.push(stmt(
                format!(
                    "ALTER TABLE {new_name} RENAME COLUMN {} TO {};",
                    quote_ident(x),
                    quote_ident(y)
                ),
                &source,
            ));
        }
    }
    // A serial's sequence keeps its name when its table or column is renamed, and is only a serial
    // again (rather than a column with a `nextval` default) under the name PostgreSQL would give
    // it now. (`SET SCHEMA` moves owned sequences along already.)
    for y in &b.columns {
        let Some(x) = a
            .columns
            .iter()
            .find(|x| x.id == y.id)
            .or_else(|| a.columns.iter().find(|x| x.name == y.name))
        else {
            continue;
        };
        if !(is_serial(&x.ty) && is_serial(&y.ty)) {
            continue;
        }
        let old_seq = crate::naming::pg_object_name(&a.name, Some(&x.name), "seq");
        let new_seq = crate::naming::pg_object_name(&b.name, Some(&y.name), "seq");
        if old_seq != new_seq {
            p.columns.push(stmt(
                format!(
                    "ALTER SEQUENCE {} RENAME TO {};",
                    qualified_name(&b.schema, &old_seq),
                    quote_ident(&new_seq)
                ),
                &source,
            ));
        }
    }
    // Stored generated columns computed from a column whose type changes: PostgreSQL refuses the
    // type change while they exist, so they are dropped first and added back (recomputed) after.
    let retyped: Vec<&str> = changes
        .iter()
        .filter_map(|c| match c {
            TableChange::AlterColumn {
                from: x,
                to: y,
                changes: what,
            } if what.ty && type_change_rewrites(&x.ty, &y.ty) => Some(x.name.as_str()),
            _ => None,
        })
        .collect();
    let mut regenerate: Vec<&Column> = Vec::new();
    for y in &b.columns {
        let Some(x) = a.columns.iter().find(|x| x.id == y.id) else {
            continue;
        };
        let (Some(gx), Some(_)) = (&x.generated, &y.generated) else {
            continue;
        };
        let rebuilt_anyway = changes.iter().any(|c| {
            matches!(c, TableChange::AlterColumn { from, changes: what, .. } if from.id == x.id && (what.generated || what.ty))
        });
        let gx = gx.to_ascii_lowercase();
        if !rebuilt_anyway && retyped.iter().any(|n| mentions(&gx, n)) {
            regenerate.push(y);
        }
    }
    for y in &regenerate {
        p.columns.push(hazard(
            lock(
                stmt(
                    format!(
                        "ALTER TABLE {new_name} DROP COLUMN {};",
                        quote_ident(&y.name)
                    ),
                    &source,
                ),
                &b.name,
            ),
            HazardKind::DeletesData,
            format!(
                "the generated column {} is dropped and re-added (its values are recomputed)",
                y.name
            ),
        ));
    }
    for c in changes {
        match c {
            TableChange::AddColumn { column } => p.columns.push(add_column(to, b, column, &source)),
            TableChange::AlterColumn {
                from: x,
                to: y,
                changes: what,
            } => alter_column(p, from, to, a, b, x, y, what, &source),
            _ => {}
        }
    }
    for y in &regenerate {
        p.columns.push(add_column(to, b, y, &source));
    }
    // Indexes over a column that is dropped and re-added went with it: create them again (unless
    // the diff adds them anyway).
    let readded: Vec<&Column> = regenerate
        .iter()
        .copied()
        .chain(changes.iter().filter_map(|c| match c {
            TableChange::AlterColumn {
                from: x,
                to: y,
                changes: what,
            } if what.generated && !(x.generated.is_some() && y.generated.is_none()) => Some(y),
            _ => None,
        }))
        .collect();
    for ix in &b.indexes {
        let over = ix.parts.iter().any(|part| match &part.key {
            crate::model::IndexKey::Column(id) => readded.iter().any(|y| &y.id == id),
            crate::model::IndexKey::Expression(e) => {
                let e = e.to_ascii_lowercase();
                readded.iter().any(|y| mentions(&e, &y.name))
            }
        }) || ix
            .include
            .iter()
            .any(|id| readded.iter().any(|y| &y.id == id))
            || ix.predicate.as_deref().is_some_and(|e| {
                let e = e.to_ascii_lowercase();
                readded.iter().any(|y| mentions(&e, &y.name))
            });
        let added = changes.iter().any(|c| {
            matches!(c, TableChange::AddConstraint { constraint: Constraint::Index(x) } if x.id == ix.id)
        });
        if over && !added {
            p.add_constraints
                .push(create_index(to, b, ix, options, &source, false));
        }
    }
    for c in changes {
        match c {
            TableChange::AddConstraint { constraint } => match constraint {
                Constraint::ForeignKey(fk) => {
                    p.add_fks.push(add_fk(to, b, fk, options, &source));
                    if options.online {
                        p.add_fks
                            .push(validate_constraint(b, &constraint.name(to, b), &source));
                    }
                }
                Constraint::Index(ix) => p
                    .add_constraints
                    .push(create_index(to, b, ix, options, &source, false)),
                Constraint::PrimaryKey(pk) => p.add_constraints.push(hazard(
                    lock(
                        stmt(
                            format!(
                                "ALTER TABLE {new_name} ADD {};",
                                ddl::primary_key_constraint_sql(b, pk)
                            ),
                            &source,
                        ),
                        &b.name,
                    ),
                    HazardKind::MayFailOnExistingData,
                    "fails if existing rows have duplicates or NULLs in the key",
                )),
                Constraint::Unique(u) => p.add_constraints.push(hazard(
                    lock(
                        stmt(
                            format!(
                                "ALTER TABLE {new_name} ADD {};",
                                ddl::unique_constraint_sql(b, u)
                            ),
                            &source,
                        ),
                        &b.name,
                    ),
                    HazardKind::MayFailOnExistingData,
                    "fails if existing rows have duplicates",
                )),
                Constraint::Check(ck) => {
                    if options.online {
                        p.add_constraints.push(stmt(
                            format!(
                                "ALTER TABLE {new_name} ADD {} NOT VALID;",
                                ddl::check_constraint_sql(ck)
                            ),
                            &source,
                        ));
                        p.add_constraints
                            .push(validate_constraint(b, &ck.name, &source));
                    } else {
                        p.add_constraints.push(hazard(
                            stmt(
                                format!(
                                    "ALTER TABLE {new_name} ADD {};",
                                    ddl::check_constraint_sql(ck)
                                ),
                                &source,
                            ),
                            HazardKind::MayFailOnExistingData,
                            "fails if existing rows violate the check",
                        ));
                    }
                }
            },
            TableChange::RenameConstraint { from: x, to: y } => {
                let (old, new) = (x.name(from, a), y.name(to, b));
                let sql = match x {
                    Constraint::Index(_) => format!(
                        "ALTER INDEX {} RENAME TO {};",
                        qualified_name(&b.schema, &old),
                        quote_ident(&new)
                    ),
                    _ => format!(
                        "ALTER TABLE {new_name} RENAME CONSTRAINT {} TO {};",
                        quote_ident(&old),
                        quote_ident(&new)
                    ),
                };
                // Beside the table's own rename, before any table is created: a new table's
                // constraints may take the names this one gives up.
                p.rename_tables.push(stmt(sql, &source));
            }
            _ => {}
        }
    }
    if changes.contains(&TableChange::Comment) {
        let sql = match &b.comment {
            Some(c) => ddl::comment_sql("TABLE", &new_name, c),
            None => format!("COMMENT ON TABLE {new_name} IS NULL;"),
        };
        p.comments.push(stmt(sql, &source));
    }
    for c in changes {
        if let TableChange::DropColumn { column } = c {
            if !dropped_early.contains(column.name.as_str()) {
                p.drop_columns.push(drop_column(b, column, &source));
            }
        }
    }
}

fn drop_column(b: &Table, column: &Column, source: &str) -> Statement {
    hazard(
        lock(
            stmt(
                format!(
                    "ALTER TABLE {} DROP COLUMN {};",
                    ddl::table_name_sql(b),
                    quote_ident(&column.name)
                ),
                source,
            ),
            &b.name,
        ),
        HazardKind::DeletesData,
        format!("drops column {}.{} and its data", b.name, column.name),
    )
}

fn add_column(to: &Schema, table: &Table, column: &Column, source: &str) -> Statement {
    let name = ddl::table_name_sql(table);
    let mut s = stmt(
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
    if volatile
        || column.generated.is_some()
        || column.identity.is_some()
        || matches!(
            column.ty,
            ColumnType::Serial | ColumnType::BigSerial | ColumnType::SmallSerial
        )
    {
        s = hazard(
            s,
            HazardKind::LocksTable,
            format!("rewrites {} to fill the new column", table.name),
        );
    }
    s
}

#[allow(clippy::too_many_arguments)]
fn alter_column(
    p: &mut Phases,
    from: &Schema,
    to: &Schema,
    a: &Table,
    b: &Table,
    x: &Column,
    y: &Column,
    what: &crate::diff::ColumnChanges,
    source: &str,
) {
    let table = ddl::table_name_sql(b);
    let col = quote_ident(&y.name).into_owned();
    let alter = |rest: String| format!("ALTER TABLE {table} ALTER COLUMN {col} {rest};");

    if what.generated {
        // PostgreSQL cannot change a generation expression in place.
        match (&x.generated, &y.generated) {
            (Some(_), None) => p
                .columns
                .push(stmt(alter("DROP EXPRESSION".into()), source)),
            _ => {
                p.columns.push(hazard(
                    lock(
                        stmt(format!("ALTER TABLE {table} DROP COLUMN {col};"), source),
                        &b.name,
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
        p.columns.push(stmt(alter("DROP DEFAULT".into()), source));
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
        p.columns
            .push(stmt(alter("DROP IDENTITY IF EXISTS".into()), source));
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
        let mut s = stmt(alter(format!("TYPE {new_type}{using_clause}")), source);
        s = lock(s, &b.name);
        if rewrites {
            if let Some(h) = s.hazards.last_mut() {
                h.message = format!("rewrites {} under an ACCESS EXCLUSIVE lock", b.name);
            }
        }
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
                p.columns
                    .push(stmt(alter(format!("SET DEFAULT {d}")), source));
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
        p.columns.push(stmt(
            alter(format!(
                "SET DEFAULT nextval({}::regclass)",
                quote_literal(&seq)
            )),
            source,
        ));
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
                p.columns.push(lock(
                    stmt(
                        alter(format!("ADD GENERATED {} AS IDENTITY", identity_sql(kind))),
                        source,
                    ),
                    &b.name,
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
            (Some(_), Some(kind)) => p.columns.push(stmt(
                alter(format!("SET GENERATED {}", identity_sql(kind))),
                source,
            )),
            _ => {}
        }
    }
    let was = effective_not_null(a, x);
    let now = effective_not_null(b, y);
    if was != now {
        if now {
            p.columns.push(hazard(
                lock(stmt(alter("SET NOT NULL".into()), source), &b.name),
                HazardKind::MayFailOnExistingData,
                format!("fails if {}.{} holds NULLs", b.name, y.name),
            ));
        } else if y.identity.is_none()
            && !b
                .primary_key
                .as_ref()
                .is_some_and(|pk| pk.columns.contains(&y.id))
        {
            p.columns.push(stmt(alter("DROP NOT NULL".into()), source));
        }
    }
    if what.comment {
        let target = format!("{table}.{col}");
        let sql = match &y.comment {
            Some(c) => ddl::comment_sql("COLUMN", &target, c),
            None => format!("COMMENT ON COLUMN {target} IS NULL;"),
        };
        p.comments.push(stmt(sql, source));
    }
    let _ = from;
}

fn is_serial(ty: &ColumnType) -> bool {
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
