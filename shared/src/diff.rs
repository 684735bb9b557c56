//! Compares two schemas and returns the differences as data, in the manner of Atlas's
//! `schema.Changes`: add / drop / modify per object, each modification carrying what changed.
//!
//! Objects are matched by stable [`Id`] first, so a rename is a rename (never drop + create);
//! objects left unmatched on both sides are then matched by name (schemas read from two SQL files,
//! or a designed schema against an introspected database, share no ids). Columns are matched the
//! same way within a matched table; constraints and indexes by id, then by effective name.
//!
//! Expressions written by people and expressions printed back by PostgreSQL differ in spelling
//! (`price > 0` comes back as `(price > (0)::numeric)`), so expressions are compared through
//! [`expression_key`], which parses both with sqlparser and prints a normal form (redundant
//! parentheses and casts dropped, unquoted names lowercased, `IN` lists, `BETWEEN` and `LIKE`
//! spelled as PostgreSQL prints them). It is a comparison key only; SQL is always rendered from
//! the model's own text. View queries are compared the same way, as whole queries resolved
//! against their schema ([`view_definition_key`], `diff/query.rs`): `SELECT *` expanded, columns
//! qualified, output names, aliases and casts as PostgreSQL stores them.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::ddl;
use crate::model::{Column, ColumnType, Enum, Index, Schema, Sequence, Table, View};
use crate::naming;

mod constraints;
mod context;
mod domains;
mod expr;
mod matching;
mod policies;
mod query;
mod routines;
mod sequences;
mod views;

pub use constraints::{constraints_of, Constraint};
use context::unchanged_table;
pub(crate) use context::{DiffCx, KeyCache, Side};
pub use domains::DomainChanges;
use matching::match_objects;
pub use routines::FunctionChanges;
pub use sequences::SequenceChanges;
use views::{diff_view_indexes, view_redefined};
pub use views::{view_definition_key, view_index_key, view_key};

/// One difference between two schemas.
// Changes are short-lived data carrying whole tables on purpose; boxing would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// A namespace to create.
    AddSchema {
        /// Its name.
        name: String,
    },
    /// A namespace to drop (it is empty by then).
    DropSchema {
        /// Its name.
        name: String,
    },
    /// The `ALTER DEFAULT PRIVILEGES` entries change.
    DefaultPrivileges {
        /// The entries before, canonical.
        from: Vec<crate::model::DefaultPrivilege>,
        /// The entries wanted, canonical.
        to: Vec<crate::model::DefaultPrivilege>,
    },
    /// The privileges granted on a namespace change.
    SchemaGrants {
        /// Its name.
        name: String,
        /// The grants in force before (PostgreSQL's default on `public`, none on a new schema).
        from: Vec<crate::model::Grant>,
        /// The grants wanted.
        to: Vec<crate::model::Grant>,
        /// Whether the schema exists before the plan (the grants change who can do what).
        existing: bool,
    },
    /// An enum type to create.
    AddEnum {
        /// The new enum.
        to: Enum,
    },
    /// An enum type to drop.
    DropEnum {
        /// The old enum.
        from: Enum,
    },
    /// An enum that exists on both sides but differs.
    ModifyEnum {
        /// Before.
        from: Enum,
        /// After.
        to: Enum,
        /// What changed.
        changes: Vec<EnumChange>,
    },
    /// A table to create.
    AddTable {
        /// The new table.
        to: Table,
    },
    /// A table to drop.
    DropTable {
        /// The old table.
        from: Table,
    },
    /// A table that exists on both sides but differs.
    ModifyTable {
        /// Before.
        from: Table,
        /// After.
        to: Table,
        /// What changed.
        changes: Vec<TableChange>,
    },
    /// A view to create.
    AddView {
        /// The new view.
        to: View,
    },
    /// A view to drop.
    DropView {
        /// The old view.
        from: View,
    },
    /// A view whose name, definition or comment changed.
    ModifyView {
        /// Before.
        from: View,
        /// After.
        to: View,
        /// The name or schema changed.
        renamed: bool,
        /// The query, column list or materialization changed.
        redefined: bool,
        /// The comment changed.
        comment: bool,
        /// `WITH ... CHECK OPTION` changed (on a view that is not redefined).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        check_option: bool,
        /// Indexes of a materialized view added, dropped or renamed (a redefined view is created
        /// again with all of its indexes instead).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        indexes: Vec<ViewIndexChange>,
    },
    /// A standalone sequence to create.
    AddSequence {
        /// The new sequence.
        to: Sequence,
    },
    /// A standalone sequence to drop.
    DropSequence {
        /// The old sequence.
        from: Sequence,
    },
    /// A standalone sequence that exists on both sides but differs.
    ModifySequence {
        /// Before.
        from: Sequence,
        /// After.
        to: Sequence,
        /// What changed.
        changes: SequenceChanges,
    },
    /// A function or procedure to create.
    AddFunction {
        /// The new routine.
        to: crate::model::Function,
    },
    /// A function or procedure to drop.
    DropFunction {
        /// The old routine.
        from: crate::model::Function,
    },
    /// A function or procedure on both sides that differs.
    ModifyFunction {
        /// Before.
        from: crate::model::Function,
        /// After.
        to: crate::model::Function,
        /// What changed.
        changes: FunctionChanges,
    },
    /// A domain to create.
    AddDomain {
        /// The new domain.
        to: crate::model::Domain,
    },
    /// A domain to drop.
    DropDomain {
        /// The old domain.
        from: crate::model::Domain,
    },
    /// A domain on both sides that differs.
    ModifyDomain {
        /// Before.
        from: crate::model::Domain,
        /// After.
        to: crate::model::Domain,
        /// What changed.
        changes: DomainChanges,
    },
    /// A composite type to create.
    AddComposite {
        /// The new type.
        to: crate::model::CompositeType,
    },
    /// A composite type to drop.
    DropComposite {
        /// The old type.
        from: crate::model::CompositeType,
    },
    /// A composite type on both sides that differs.
    ModifyComposite {
        /// Before.
        from: crate::model::CompositeType,
        /// After.
        to: crate::model::CompositeType,
    },
}

/// How an index of a materialized view changed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ViewIndexChange {
    /// A new index (or a changed one, dropped first).
    Add {
        /// The new index.
        index: Index,
    },
    /// An index dropped (or dropped to be added again with a new definition).
    Drop {
        /// The old index.
        index: Index,
    },
    /// An index renamed, definition unchanged.
    Rename {
        /// Before.
        from: Index,
        /// After.
        to: Index,
    },
}

/// How an enum changed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EnumChange {
    /// Renamed or moved to another schema.
    Rename,
    /// A label added; `before`/`after` name its neighbour in the new order.
    AddValue {
        /// The new label.
        value: String,
        /// The existing label it goes before, if any.
        before: Option<String>,
        /// The existing label it goes after, if any.
        after: Option<String>,
    },
    /// A label renamed.
    RenameValue {
        /// Old label.
        from: String,
        /// New label.
        to: String,
    },
    /// Labels removed or reordered: PostgreSQL can only do this by rebuilding the type.
    Rebuild {
        /// Labels that disappear (rows holding them cannot be converted).
        removed: Vec<String>,
    },
    /// The comment changed.
    Comment,
}

/// What about a column changed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnChanges {
    /// The data type.
    pub ty: bool,
    /// NOT NULL.
    pub nullability: bool,
    /// The default.
    pub default: bool,
    /// Identity.
    pub identity: bool,
    /// The identity's sequence options (both sides identity columns).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub identity_options: bool,
    /// The collation.
    pub collation: bool,
    /// Generated expression.
    pub generated: bool,
    /// Comment.
    pub comment: bool,
}

impl ColumnChanges {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        *self == ColumnChanges::default()
    }
}

/// How a table changed.
// A change list is short-lived and small: two columns inline in `AlterColumn` cost nothing
// worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TableChange {
    /// Renamed (same schema).
    Rename,
    /// Moved to another schema.
    SetSchema,
    /// The table comment changed.
    Comment,
    /// A column added.
    AddColumn {
        /// The new column.
        column: Column,
    },
    /// A column dropped.
    DropColumn {
        /// The old column.
        column: Column,
    },
    /// A column renamed (and perhaps altered too, see [`TableChange::AlterColumn`]).
    RenameColumn {
        /// Old name.
        from: String,
        /// New name.
        to: String,
    },
    /// A column altered.
    AlterColumn {
        /// Before.
        from: Column,
        /// After.
        to: Column,
        /// What changed.
        changes: ColumnChanges,
    },
    /// A constraint or index added.
    AddConstraint {
        /// The new one.
        constraint: Constraint,
    },
    /// A constraint or index dropped (or dropped to be re-added with a new definition).
    DropConstraint {
        /// The old one.
        constraint: Constraint,
    },
    /// A `NOT VALID` check or foreign key that the new side has valid, definition unchanged:
    /// `VALIDATE CONSTRAINT` checks the existing rows without blocking writes.
    ValidateConstraint {
        /// The constraint (new side).
        constraint: Constraint,
    },
    /// An index whose comment is set, changed or removed.
    IndexComment {
        /// The index (new side).
        index: crate::model::Index,
    },
    /// A constraint or index renamed, definition unchanged.
    RenameConstraint {
        /// Old one.
        from: Constraint,
        /// New one.
        to: Constraint,
    },
    /// Row-level security enabled, disabled, forced or no longer forced.
    RowSecurity,
    /// A policy added (or re-created with another command or permissiveness).
    AddPolicy {
        /// The new one.
        policy: crate::model::Policy,
    },
    /// A policy dropped.
    DropPolicy {
        /// The old one.
        policy: crate::model::Policy,
    },
    /// A policy renamed.
    RenamePolicy {
        /// Old name.
        from: String,
        /// New name.
        to: String,
    },
    /// A policy's roles or expressions changed (`ALTER POLICY`).
    AlterPolicy {
        /// Before.
        from: crate::model::Policy,
        /// After.
        to: crate::model::Policy,
    },
    /// A trigger added (or re-created with another definition).
    AddTrigger {
        /// The new one.
        trigger: crate::model::Trigger,
    },
    /// A trigger dropped (or dropped to be re-created).
    DropTrigger {
        /// The old one.
        trigger: crate::model::Trigger,
    },
    /// A trigger renamed.
    RenameTrigger {
        /// Old name.
        from: String,
        /// New name.
        to: String,
    },
    /// A trigger's comment changed.
    TriggerComment {
        /// The trigger, after.
        trigger: crate::model::Trigger,
    },
    /// `PARTITION BY` added, removed or changed: PostgreSQL cannot alter it in place.
    Repartition,
    /// Privileges granted or revoked.
    Grants,
    /// A partition added.
    AddPartition {
        /// The new one.
        partition: crate::model::Partition,
    },
    /// A partition removed: detached when a table of its name remains, else dropped.
    DropPartition {
        /// The old one.
        partition: crate::model::Partition,
    },
    /// A partition's bound changed (detached and attached again).
    RebindPartition {
        /// Before.
        from: crate::model::Partition,
        /// After.
        to: crate::model::Partition,
    },
    /// A partition's comment changed.
    PartitionComment {
        /// The partition, after.
        partition: crate::model::Partition,
    },
}

/// A comparison key for an SQL expression, so that PostgreSQL's re-printing of an expression is
/// not a change: printed from sqlparser's tree with casts dropped, every operation bracketed once
/// and PostgreSQL's rewrites (`IN` → `= ANY (ARRAY[..])`, `BETWEEN`, `LIKE` → `~~`) spelled one
/// way (see `diff/expr.rs`). Dropping casts is a deliberate trade: `a::int` and `a` compare equal.
/// Text sqlparser cannot read falls back to a token key: lowercase outside quotes, no whitespace,
/// parentheses or `::` casts.
pub fn expression_key(expr: &str) -> String {
    expr::ast_key(expr).unwrap_or_else(|| token_key(expr))
}

/// The token-level fallback of [`expression_key`].
fn token_key(expr: &str) -> String {
    let mut out = String::with_capacity(expr.len());
    let chars: Vec<char> = expr.chars().collect();
    let mut i = 0;
    // Where the identifier word last pushed to `out` starts (whitespace is not kept, so word
    // boundaries are tracked here).
    let mut word_start: Option<usize> = None;
    let mut boundary = true;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            // A typed literal (`interval '1 day'`) is printed back as a cast
            // (`'1 day'::interval`), and casts are dropped: drop the type word too.
            if let Some(start) = word_start {
                if matches!(
                    &out[start..],
                    "interval" | "date" | "time" | "timestamp" | "timestamptz"
                ) {
                    out.truncate(start);
                }
            }
        }
        if c == '\'' || c == '"' {
            word_start = None;
            boundary = true;
            // Copy quoted text verbatim (doubled quotes stay inside).
            out.push(c);
            i += 1;
            while i < chars.len() {
                out.push(chars[i]);
                if chars[i] == c {
                    if i + 1 < chars.len() && chars[i + 1] == c {
                        out.push(c);
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                i += 1;
            }
            continue;
        }
        if c == ':' && i + 1 < chars.len() && chars[i + 1] == ':' {
            // Drop every cast: PostgreSQL adds them to literals and columns when it re-prints.
            i += 2;
            // Skip the type name: identifiers, spaces inside multi-word types, (n), [].
            while i < chars.len()
                && (chars[i].is_alphanumeric()
                    || matches!(chars[i], '_' | '.' | '[' | ']' | '"')
                    || (chars[i] == ' '
                        && i + 1 < chars.len()
                        && chars[i + 1].is_alphabetic()
                        && is_type_word_continuation(&chars, i + 1)))
            {
                i += 1;
            }
            continue;
        }
        if c.is_whitespace() || c == '(' || c == ')' {
            boundary = true;
            i += 1;
            continue;
        }
        if c.is_alphanumeric() || c == '_' || c == '$' {
            if boundary {
                word_start = Some(out.len());
            }
            boundary = false;
        } else {
            word_start = None;
            boundary = true;
        }
        out.extend(c.to_lowercase());
        i += 1;
    }
    out
}

/// Replaces whole unquoted identifiers of an SQL expression by their new names (case-insensitively,
/// as PostgreSQL folds unquoted names), reading the expression with the one SQL lexer
/// ([`crate::sql::replace_words`]) so strings, quoted identifiers and comments stay as they are.
fn rename_identifiers(key: &str, renamed: &HashMap<String, String>) -> String {
    if renamed.is_empty() {
        return key.to_string();
    }
    crate::sql::replace_words(key, |word| {
        renamed
            .get(word.to_lowercase().as_str())
            .map(|new| naming::quote_ident(new).into_owned())
    })
}

fn is_type_word_continuation(chars: &[char], start: usize) -> bool {
    let word: String = chars[start..]
        .iter()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(
        word.as_str(),
        "varying" | "precision" | "with" | "without" | "time" | "zone"
    )
}

/// A type's comparison key: its SQL, except that an enum present on both sides (by id) is keyed by
/// id, so renaming an enum does not retype its columns.
fn column_type_key(schema: &Schema, other: &Schema, ty: &ColumnType) -> String {
    match ty {
        ColumnType::Enum { id } if other.enums.iter().any(|e| &e.id == id) => format!("enum#{id}"),
        ColumnType::Custom { name } => domains::domain_key(schema, other, name)
            .unwrap_or_else(|| ddl::column_type_sql(schema, ty)),
        ColumnType::Array { element } => format!("{}[]", column_type_key(schema, other, element)),
        _ => ddl::column_type_sql(schema, ty),
    }
}

/// The differences that turn `from` into `to`, in a stable order (namespaces, enums, tables,
/// views, sequences; each in model order).
pub fn diff(from: &Schema, to: &Schema) -> Vec<Change> {
    let mut changes = Vec::new();
    let cx = DiffCx {
        from: Side::new(from),
        to: Side::new(to),
        keys: KeyCache::default(),
    };

    // Namespaces: every schema an object lives in, plus declared ones; `public` always exists.
    let names = |s: &Schema| -> Vec<String> {
        let mut v: Vec<String> = s.namespaces.iter().map(|n| n.name.clone()).collect();
        v.extend(s.tables.iter().map(|t| t.schema.clone()));
        v.extend(s.enums.iter().map(|e| e.schema.clone()));
        v.extend(s.views.iter().map(|x| x.schema.clone()));
        v.extend(s.sequences.iter().map(|x| x.schema.clone()));
        v.extend(s.functions.iter().map(|x| x.schema.clone()));
        v.extend(s.domains.iter().map(|x| x.schema.clone()));
        v.extend(s.composites.iter().map(|x| x.schema.clone()));
        let mut seen = HashSet::new();
        v.retain(|n| n != crate::model::DEFAULT_SCHEMA && seen.insert(n.clone()));
        v
    };
    let (from_ns, to_ns) = (names(from), names(to));
    for n in &to_ns {
        if !from_ns.contains(n) {
            changes.push(Change::AddSchema { name: n.clone() });
        }
    }
    let public = crate::model::DEFAULT_SCHEMA.to_string();
    for n in std::iter::once(&public).chain(&to_ns) {
        let existing = n == &public || from_ns.contains(n);
        let mut a = if existing {
            crate::model::Namespace::effective_grants(from, n)
        } else {
            Vec::new()
        };
        let mut b = crate::model::Namespace::effective_grants(to, n);
        crate::model::Grant::canonical(&mut a);
        crate::model::Grant::canonical(&mut b);
        if a != b {
            changes.push(Change::SchemaGrants {
                name: n.clone(),
                from: a,
                to: b,
                existing,
            });
        }
    }

    // Enums.
    let (pairs, dropped, added) = match_objects(
        &from.enums,
        &to.enums,
        |e| &e.id,
        |e| format!("{}.{}", e.schema, e.name),
    );
    for j in added {
        changes.push(Change::AddEnum {
            to: to.enums[j].clone(),
        });
    }
    for (i, j) in pairs {
        let (a, b) = (&from.enums[i], &to.enums[j]);
        let enum_changes = diff_enum(a, b);
        if !enum_changes.is_empty() {
            changes.push(Change::ModifyEnum {
                from: a.clone(),
                to: b.clone(),
                changes: enum_changes,
            });
        }
    }
    for i in dropped {
        changes.push(Change::DropEnum {
            from: from.enums[i].clone(),
        });
    }

    // Tables.
    let (pairs, dropped, added) = match_objects(
        &from.tables,
        &to.tables,
        |t| &t.id,
        |t| format!("{}.{}", t.schema, t.name),
    );
    for j in added {
        changes.push(Change::AddTable {
            to: to.tables[j].clone(),
        });
    }
    let same_enums = from.enums == to.enums;
    for (i, j) in pairs {
        let (a, b) = (&from.tables[i], &to.tables[j]);
        if same_enums && unchanged_table(&cx, a, b) {
            debug_assert!(diff_table(&cx, a, b).is_empty(), "{} changed", a.name);
            continue;
        }
        let table_changes = diff_table(&cx, a, b);
        if !table_changes.is_empty() {
            changes.push(Change::ModifyTable {
                from: a.clone(),
                to: b.clone(),
                changes: table_changes,
            });
        }
    }
    for i in dropped {
        changes.push(Change::DropTable {
            from: from.tables[i].clone(),
        });
    }

    // Views.
    let (pairs, dropped, added) = match_objects(
        &from.views,
        &to.views,
        |v| &v.id,
        |v| format!("{}.{}", v.schema, v.name),
    );
    for j in added {
        changes.push(Change::AddView {
            to: to.views[j].clone(),
        });
    }
    // Indexed once for all the views (only when some are on both sides).
    let relations =
        (!pairs.is_empty()).then(|| (query::Relations::new(from), query::Relations::new(to)));
    for (i, j) in pairs {
        let (a, b) = (&from.views[i], &to.views[j]);
        let renamed = a.name != b.name || a.schema != b.schema;
        let redefined = relations
            .as_ref()
            .is_some_and(|(rf, rt)| view_redefined(rf, a, rt, b));
        let comment = a.comment != b.comment;
        let check_option = !a.materialized && !b.materialized && a.check_option != b.check_option;
        let indexes = diff_view_indexes(a, b);
        if renamed || redefined || comment || check_option || !indexes.is_empty() {
            changes.push(Change::ModifyView {
                from: a.clone(),
                to: b.clone(),
                renamed,
                redefined,
                comment,
                check_option,
                indexes,
            });
        }
    }
    for i in dropped {
        changes.push(Change::DropView {
            from: from.views[i].clone(),
        });
    }

    sequences::diff_sequences(from, to, &mut changes);
    routines::diff_functions(from, to, &mut changes);
    domains::diff_domains(from, to, &mut changes);
    domains::diff_composites(from, to, &mut changes);

    let mut a = from.default_privileges.clone();
    let mut b = to.default_privileges.clone();
    crate::model::DefaultPrivilege::canonical(&mut a);
    crate::model::DefaultPrivilege::canonical(&mut b);
    if a != b {
        changes.push(Change::DefaultPrivileges { from: a, to: b });
    }

    for n in &from_ns {
        if !to_ns.contains(n) {
            changes.push(Change::DropSchema { name: n.clone() });
        }
    }
    changes
}

fn diff_enum(a: &Enum, b: &Enum) -> Vec<EnumChange> {
    let mut out = Vec::new();
    if a.name != b.name || a.schema != b.schema {
        out.push(EnumChange::Rename);
    }
    let (pairs, removed, added) =
        match_objects(&a.values, &b.values, |v| &v.id, |v| v.name.clone());
    // Surviving labels must keep their relative order, or the type is rebuilt.
    let mut survivors: Vec<(usize, usize)> = pairs.clone();
    survivors.sort_by_key(|(i, _)| *i);
    let order_kept = survivors.windows(2).all(|w| w[0].1 < w[1].1);
    if !removed.is_empty() || !order_kept {
        out.push(EnumChange::Rebuild {
            removed: removed.iter().map(|&i| a.values[i].name.clone()).collect(),
        });
    } else {
        for (i, j) in &survivors {
            if a.values[*i].name != b.values[*j].name {
                out.push(EnumChange::RenameValue {
                    from: a.values[*i].name.clone(),
                    to: b.values[*j].name.clone(),
                });
            }
        }
        // Added labels, placed next to an existing (or already added) neighbour.
        let existing: HashSet<usize> = survivors.iter().map(|(_, j)| *j).collect();
        let mut placed = existing.clone();
        for j in added {
            let before = (j + 1..b.values.len())
                .find(|k| placed.contains(k))
                .map(|k| b.values[k].name.clone());
            let after = (0..j)
                .rev()
                .find(|k| placed.contains(k))
                .map(|k| b.values[k].name.clone());
            let (before, after) = if after.is_some() {
                (None, after)
            } else {
                (before, None)
            };
            out.push(EnumChange::AddValue {
                value: b.values[j].name.clone(),
                before,
                after,
            });
            placed.insert(j);
        }
    }
    if a.comment != b.comment {
        out.push(EnumChange::Comment);
    }
    out
}

fn diff_table(cx: &DiffCx, a: &Table, b: &Table) -> Vec<TableChange> {
    let (from_schema, to_schema) = (cx.from.schema, cx.to.schema);
    let mut out = Vec::new();
    if a.schema != b.schema {
        out.push(TableChange::SetSchema);
    }
    if a.name != b.name {
        out.push(TableChange::Rename);
    }
    if a.comment != b.comment {
        out.push(TableChange::Comment);
    }
    let (pairs, dropped, added) =
        match_objects(&a.columns, &b.columns, |c| &c.id, |c| c.name.clone());
    // Columns whose type changes have their constraints re-checked below by definition keys.
    for (i, j) in &pairs {
        let (x, y) = (&a.columns[*i], &b.columns[*j]);
        if x.name != y.name {
            out.push(TableChange::RenameColumn {
                from: x.name.clone(),
                to: y.name.clone(),
            });
        }
        let changes = ColumnChanges {
            ty: column_type_key(from_schema, to_schema, &x.ty)
                != column_type_key(to_schema, from_schema, &y.ty),
            nullability: effective_not_null(a, x) != effective_not_null(b, y),
            default: default_key(&cx.keys, from_schema, x) != default_key(&cx.keys, to_schema, y),
            identity: x.identity != y.identity,
            collation: x.collation != y.collation,
            identity_options: x.identity.is_some()
                && y.identity.is_some()
                && x.identity_options.canonical(&x.ty) != y.identity_options.canonical(&y.ty),
            generated: x.generated.as_deref().map(|e| cx.keys.key(e))
                != y.generated.as_deref().map(|e| cx.keys.key(e)),
            comment: x.comment != y.comment,
        };
        if !changes.is_empty() {
            out.push(TableChange::AlterColumn {
                from: x.clone(),
                to: y.clone(),
                changes,
            });
        }
    }
    for j in added {
        out.push(TableChange::AddColumn {
            column: b.columns[j].clone(),
        });
    }
    for i in dropped {
        out.push(TableChange::DropColumn {
            column: a.columns[i].clone(),
        });
    }

    constraints::diff_constraints(cx, a, b, &mut out);
    policies::diff_policies(a, b, &mut out);
    let renamed: HashMap<String, String> = a
        .columns
        .iter()
        .filter_map(|c| {
            let new = b.column(&c.id)?;
            (new.name != c.name).then(|| (c.name.clone(), new.name.clone()))
        })
        .collect();
    routines::diff_triggers(a, b, &renamed, &mut out);
    domains::diff_partitions(a, b, &mut out);
    if a.grants != b.grants {
        out.push(TableChange::Grants);
    }
    out
}

/// NOT NULL as PostgreSQL sees it (primary key and identity columns are always NOT NULL).
pub fn effective_not_null(table: &Table, column: &Column) -> bool {
    column.not_null
        || column.identity.is_some()
        || matches!(
            column.ty,
            ColumnType::Serial | ColumnType::BigSerial | ColumnType::SmallSerial
        )
        || table
            .primary_key
            .as_ref()
            .is_some_and(|pk| pk.columns.contains(&column.id))
}

fn default_key(keys: &KeyCache, schema: &Schema, column: &Column) -> Option<String> {
    match &column.default {
        Some(crate::model::DefaultValue::Null) | None => None,
        Some(crate::model::DefaultValue::Expression(e)) => Some(keys.key(e)),
        Some(_) => ddl::default_sql(schema, column).map(|s| keys.key(&s)),
    }
}

#[cfg(test)]
mod tests {
    use super::expression_key;

    #[test]
    fn expression_keys_ignore_postgres_reprinting() {
        assert_eq!(
            expression_key("price > 0"),
            expression_key("(price > (0)::numeric)")
        );
        assert_eq!(
            expression_key("status = 'a'"),
            expression_key("(status = 'a'::text)")
        );
        assert_eq!(
            expression_key("name <> ''"),
            expression_key("(name <> ''::character varying)")
        );
        assert_ne!(expression_key("a > 1"), expression_key("a > 2"));
        assert_ne!(expression_key("x = 'A'"), expression_key("x = 'a'"));
        assert_eq!(
            expression_key("LOWER(email)"),
            expression_key("lower(email)")
        );
    }
}
