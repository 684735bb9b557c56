//! Finds everything in a schema that PostgreSQL would reject or that cannot be rendered faithfully.
//!
//! [`validate`] returns *all* problems at once (the canvas shows them together), each with a
//! [`ProblemKind`] the UI can branch on, a human message and an [`ObjectPath`] naming the object by
//! id and name. It never panics, whatever the input: dangling ids, empty lists and duplicate ids are
//! reported, not trusted. A schema with no problems renders ([`crate::ddl::render_schema`]) to SQL
//! that applies to an empty PostgreSQL 15 database, as far as the model can know. Every SQL
//! fragment is read as exactly one expression, query or type name ([`crate::sql`]), so nothing a
//! design holds can smuggle a second statement into the DDL.

mod defaults;
mod fragments;
mod kind_names;
mod naming;
mod relations;
mod routines;
mod sequences;

pub use naming::{naming_problems, snake_case};

pub(crate) use defaults::is_numeric_literal;

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::{Column, ColumnType, Id, IndexKey, ObjectRef, Schema, Table, DEFAULT_SCHEMA};
use crate::naming::{
    effective_fk_name_with, effective_index_name, effective_pk_name, effective_unique_name,
    MAX_IDENTIFIER_BYTES,
};

/// PostgreSQL's limit on the columns of one table.
pub const MAX_COLUMNS: usize = 1600;

/// What is wrong, for the UI to group, filter and explain problems.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// An object, column, enum label or constraint has an empty name.
    EmptyName,
    /// A name contains a NUL character, which PostgreSQL identifiers cannot hold.
    InvalidName,
    /// A name is longer than 63 bytes, so PostgreSQL would silently truncate it.
    IdentifierTooLong,
    /// Two objects share an id, so references to it are ambiguous.
    DuplicateId,
    /// Two namespaces have the same name.
    DuplicateNamespace,
    /// Two tables, views, indexes or key constraints share a name within a schema (they are all
    /// relations in `pg_class`).
    DuplicateRelationName,
    /// An enum shares its name with another type in the schema (tables and views are types too).
    DuplicateTypeName,
    /// Two columns of a table have the same name.
    DuplicateColumnName,
    /// Two constraints of one table have the same name.
    DuplicateConstraintName,
    /// An enum lists the same label twice.
    DuplicateEnumValue,
    /// A key lists the same column twice.
    DuplicateKeyColumn,
    /// An enum has no labels.
    EmptyEnum,
    /// A table has no columns.
    EmptyTable,
    /// A key, constraint or index lists no columns.
    EmptyKey,
    /// A required SQL text (check, index expression, view query, generation expression, default
    /// expression) is empty.
    EmptyExpression,
    /// A reference to a table id that does not exist.
    UnknownTable,
    /// A reference to a column id that is not in the table.
    UnknownColumn,
    /// A column type names an enum id that does not exist.
    UnknownEnum,
    /// A foreign key's referencing and referenced column lists differ in length.
    ForeignKeyColumnCount,
    /// A foreign key column's type differs from the referenced column's type beyond what is
    /// harmless: serials count as their integer types, integer widths mix, and text, varchar and
    /// char mix (as PostgreSQL allows); anything else is reported, including pairs PostgreSQL only
    /// accepts through a conversion (integer vs numeric, timestamp vs timestamptz), which make
    /// the key slow or time-zone dependent.
    ForeignKeyTypeMismatch,
    /// A foreign key references columns that are not exactly a primary key, unique constraint or
    /// non-partial unique index of the referenced table.
    ForeignKeyTargetNotUnique,
    /// A default value cannot be of the column's type.
    InvalidDefault,
    /// A type parameter is out of range (e.g. `varchar(0)`, `numeric(2, 5)`), or a serial type is
    /// used where PostgreSQL does not allow it (array elements).
    InvalidType,
    /// An identity column whose type is not smallint, integer or bigint.
    IdentityOnNonInteger,
    /// A column is both identity (or serial) and has a default.
    IdentityWithDefault,
    /// A generated column also has a default.
    GeneratedWithDefault,
    /// A column is both generated and identity (or serial).
    GeneratedWithIdentity,
    /// A table has more columns than PostgreSQL allows (1,600).
    TooManyColumns,
    /// An SQL fragment (default, CHECK, generated expression, index expression or predicate,
    /// operator class, view query, custom type name) is not exactly one expression, query or
    /// type name, or is too long or too deep to read safely.
    InvalidSql,
    /// A name does not follow the project's naming convention (a hint, never a refusal).
    NamingConvention,
    /// An index on a view that is not materialized (only materialized views have indexes), or a
    /// check option on a materialized view (only plain views have one).
    ViewKindMismatch,
    /// A sequence's options contradict each other or its type (zero increment, a start outside
    /// the bounds, bounds outside the type), or its `OWNED BY` column is in another schema.
    InvalidSequence,
    /// A row-level security policy PostgreSQL would refuse: a name used twice on one table, a
    /// `USING` on an `INSERT` policy, a `WITH CHECK` on a `SELECT` or `DELETE` policy, or an
    /// empty role name.
    InvalidPolicy,
    /// A function or procedure PostgreSQL would refuse (no language, body or result type, a
    /// signature used twice, arguments without types or with the same name).
    InvalidRoutine,
    /// A trigger PostgreSQL would refuse (no event or function, a name used twice on a table,
    /// clauses its timing or level does not allow).
    InvalidTrigger,
}

/// The kind of object a path segment names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
    /// A namespace.
    Namespace,
    /// An enum type.
    Enum,
    /// An enum label.
    EnumValue,
    /// A table.
    Table,
    /// A column.
    Column,
    /// A primary key.
    PrimaryKey,
    /// A unique constraint.
    Unique,
    /// A check constraint.
    Check,
    /// A foreign key.
    ForeignKey,
    /// An index.
    Index,
    /// A view.
    View,
    /// A standalone sequence.
    Sequence,
    /// A row-level security policy.
    Policy,
    /// A function or procedure.
    Function,
    /// A trigger.
    Trigger,
    /// A domain.
    Domain,
    /// A composite type.
    Type,
}

impl ObjectKind {
    fn label(self) -> &'static str {
        match self {
            ObjectKind::Namespace => "schema",
            ObjectKind::Enum => "enum",
            ObjectKind::EnumValue => "enum value",
            ObjectKind::Table => "table",
            ObjectKind::Column => "column",
            ObjectKind::PrimaryKey => "primary key",
            ObjectKind::Unique => "unique constraint",
            ObjectKind::Check => "check constraint",
            ObjectKind::ForeignKey => "foreign key",
            ObjectKind::Index => "index",
            ObjectKind::View => "view",
            ObjectKind::Sequence => "sequence",
            ObjectKind::Policy => "policy",
            ObjectKind::Function => "function",
            ObjectKind::Trigger => "trigger",
            ObjectKind::Domain => "domain",
            ObjectKind::Type => "type",
        }
    }
}

/// One step of an [`ObjectPath`]: an object by kind, id and (effective) name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathSegment {
    /// What the object is.
    pub kind: ObjectKind,
    /// Its id, so the UI can select it.
    pub id: Id,
    /// Its name as PostgreSQL would see it (the effective name for conventional names).
    pub name: String,
}

/// Where a problem is, outermost object first (e.g. table, then column).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectPath(pub Vec<PathSegment>);

impl ObjectPath {
    fn with(&self, kind: ObjectKind, id: &Id, name: &str) -> ObjectPath {
        let mut v = self.0.clone();
        v.push(PathSegment {
            kind,
            id: id.clone(),
            name: name.to_string(),
        });
        ObjectPath(v)
    }

    /// The innermost object's id, which the UI selects when the problem is clicked.
    pub fn target(&self) -> Option<&Id> {
        self.0.last().map(|s| &s.id)
    }
}

impl fmt::Display for ObjectPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" / ")?;
            }
            // People read names; the id is shown only for an object without one.
            if s.name.is_empty() {
                write!(f, "{} ({})", s.kind.label(), s.id)?;
            } else {
                write!(f, "{} \"{}\"", s.kind.label(), s.name)?;
            }
        }
        Ok(())
    }
}

/// One thing wrong with the schema.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The category.
    pub kind: ProblemKind,
    /// A sentence for people.
    pub message: String,
    /// The object concerned.
    pub path: ObjectPath,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

struct Ctx<'a> {
    schema: &'a Schema,
    /// Tables by id (the first one when ids are duplicated, like [`Schema::table`]).
    tables: HashMap<&'a Id, &'a Table>,
    /// Effective constraint and index names, computed once, by table position.
    names: Vec<TableNames>,
    problems: Vec<Problem>,
}

/// The effective names of one table's primary key, uniques, foreign keys and indexes.
struct TableNames {
    pk: Option<String>,
    uniques: Vec<String>,
    fks: Vec<String>,
    indexes: Vec<String>,
}

impl Ctx<'_> {
    fn push(&mut self, kind: ProblemKind, path: &ObjectPath, message: impl Into<String>) {
        self.problems.push(Problem {
            kind,
            message: message.into(),
            path: path.clone(),
        });
    }

    fn check_name(&mut self, path: &ObjectPath, what: &str, name: &str) {
        if name.is_empty() {
            self.push(
                ProblemKind::EmptyName,
                path,
                format!("The {what} has no name."),
            );
        } else if name.contains('\0') {
            self.push(
                ProblemKind::InvalidName,
                path,
                format!("The {what} name contains a NUL character."),
            );
        } else if name.len() > MAX_IDENTIFIER_BYTES {
            self.push(
                ProblemKind::IdentifierTooLong,
                path,
                format!(
                    "The {what} name \"{name}\" is {} bytes long; PostgreSQL keeps only {MAX_IDENTIFIER_BYTES}.",
                    name.len()
                ),
            );
        }
    }
}

/// Every problem in the schema, in a stable order (model order).
pub fn validate(schema: &Schema) -> Vec<Problem> {
    let mut tables = HashMap::with_capacity(schema.tables.len());
    for t in &schema.tables {
        tables.entry(&t.id).or_insert(t);
    }
    let names = schema
        .tables
        .iter()
        .map(|t| TableNames {
            pk: t.primary_key.as_ref().map(|pk| effective_pk_name(t, pk)),
            uniques: t
                .uniques
                .iter()
                .map(|u| effective_unique_name(t, u))
                .collect(),
            fks: t
                .foreign_keys
                .iter()
                .map(|fk| effective_fk_name_with(t, fk, tables.get(&fk.ref_table).copied()))
                .collect(),
            indexes: t
                .indexes
                .iter()
                .map(|ix| effective_index_name(t, ix))
                .collect(),
        })
        .collect();
    let mut cx = Ctx {
        schema,
        tables,
        names,
        problems: Vec::new(),
    };
    check_ids(&mut cx);
    check_namespaces(&mut cx);
    check_enums(&mut cx);
    for (i, table) in schema.tables.iter().enumerate() {
        check_table(&mut cx, i, table);
    }
    relations::check_views(&mut cx);
    sequences::check_sequences(&mut cx);
    routines::check_functions(&mut cx);
    check_schema_level_names(&mut cx);
    fragments::check_fragments(&mut cx, true);
    cx.problems
}

/// The [`ProblemKind::InvalidSql`] problems of [`validate`] alone, in the same order, without the
/// other checks: what a command refuses a design file for.
pub fn invalid_sql(schema: &Schema) -> Vec<Problem> {
    let mut cx = Ctx {
        schema,
        tables: HashMap::new(),
        names: Vec::new(),
        problems: Vec::new(),
    };
    fragments::check_fragments(&mut cx, false);
    cx.problems
}

fn root() -> ObjectPath {
    ObjectPath::default()
}

fn table_path(t: &Table) -> ObjectPath {
    root().with(ObjectKind::Table, &t.id, &t.name)
}

fn check_ids(cx: &mut Ctx) {
    let s = cx.schema;
    let mut seen: HashSet<&Id> = HashSet::new();
    // Paths are built only for duplicates, so large valid schemas pay for the set alone.
    fn note<'a>(
        cx: &mut Ctx,
        seen: &mut HashSet<&'a Id>,
        id: &'a Id,
        path: &dyn Fn() -> ObjectPath,
    ) {
        if !seen.insert(id) {
            cx.push(
                ProblemKind::DuplicateId,
                &path(),
                format!("The id \"{id}\" is used by more than one object."),
            );
        }
    }
    for n in &s.namespaces {
        note(cx, &mut seen, &n.id, &|| {
            root().with(ObjectKind::Namespace, &n.id, &n.name)
        });
    }
    for e in &s.enums {
        let ep = || root().with(ObjectKind::Enum, &e.id, &e.name);
        note(cx, &mut seen, &e.id, &ep);
        for v in &e.values {
            note(cx, &mut seen, &v.id, &|| {
                ep().with(ObjectKind::EnumValue, &v.id, &v.name)
            });
        }
    }
    for (i, t) in s.tables.iter().enumerate() {
        let tp = || table_path(t);
        note(cx, &mut seen, &t.id, &tp);
        for c in &t.columns {
            note(cx, &mut seen, &c.id, &|| {
                tp().with(ObjectKind::Column, &c.id, &c.name)
            });
        }
        if let Some(pk) = &t.primary_key {
            let name = cx.names[i].pk.clone().unwrap_or_default();
            note(cx, &mut seen, &pk.id, &|| {
                tp().with(ObjectKind::PrimaryKey, &pk.id, &name)
            });
        }
        for (k, u) in t.uniques.iter().enumerate() {
            let name = cx.names[i].uniques[k].clone();
            note(cx, &mut seen, &u.id, &|| {
                tp().with(ObjectKind::Unique, &u.id, &name)
            });
        }
        for c in &t.checks {
            note(cx, &mut seen, &c.id, &|| {
                tp().with(ObjectKind::Check, &c.id, &c.name)
            });
        }
        for pol in &t.policies {
            note(cx, &mut seen, &pol.id, &|| {
                tp().with(ObjectKind::Policy, &pol.id, &pol.name)
            });
        }
        for (k, fk) in t.foreign_keys.iter().enumerate() {
            let name = cx.names[i].fks[k].clone();
            note(cx, &mut seen, &fk.id, &|| {
                tp().with(ObjectKind::ForeignKey, &fk.id, &name)
            });
        }
        for (k, ix) in t.indexes.iter().enumerate() {
            let name = cx.names[i].indexes[k].clone();
            note(cx, &mut seen, &ix.id, &|| {
                tp().with(ObjectKind::Index, &ix.id, &name)
            });
        }
    }
    for v in &s.views {
        note(cx, &mut seen, &v.id, &|| {
            root().with(ObjectKind::View, &v.id, &v.name)
        });
    }
    for q in &s.sequences {
        note(cx, &mut seen, &q.id, &|| sequences::path(q));
    }
}

/// Policies: names (unique per table), the clauses their command allows, role names.
fn check_policies(cx: &mut Ctx, t: &Table, tp: &ObjectPath) {
    let mut names = HashSet::new();
    for pol in &t.policies {
        let p = tp.with(ObjectKind::Policy, &pol.id, &pol.name);
        cx.check_name(&p, "policy", &pol.name);
        if !names.insert(pol.name.as_str()) {
            cx.push(
                ProblemKind::InvalidPolicy,
                &p,
                format!(
                    "Another policy of \"{}\" is named \"{}\".",
                    t.name, pol.name
                ),
            );
        }
        if pol.using.is_some() && !pol.command.allows_using() {
            cx.push(
                ProblemKind::InvalidPolicy,
                &p,
                "An INSERT policy has no USING expression (only WITH CHECK).",
            );
        }
        if pol.with_check.is_some() && !pol.command.allows_with_check() {
            cx.push(
                ProblemKind::InvalidPolicy,
                &p,
                format!(
                    "A {} policy has no WITH CHECK expression (only USING).",
                    pol.command.sql()
                ),
            );
        }
        if pol.roles.iter().any(|r| r.trim().is_empty()) {
            cx.push(ProblemKind::InvalidPolicy, &p, "A role name is empty.");
        }
    }
}

fn check_namespaces(cx: &mut Ctx) {
    let mut seen = HashSet::new();
    for n in &cx.schema.namespaces {
        let p = root().with(ObjectKind::Namespace, &n.id, &n.name);
        cx.check_name(&p, "schema", &n.name);
        if !seen.insert(n.name.as_str()) {
            cx.push(
                ProblemKind::DuplicateNamespace,
                &p,
                format!("The schema \"{}\" is listed twice.", n.name),
            );
        }
    }
}

fn check_enums(cx: &mut Ctx) {
    for e in &cx.schema.enums {
        let p = root().with(ObjectKind::Enum, &e.id, &e.name);
        cx.check_name(&p, "enum", &e.name);
        cx.check_name(&p, "enum schema", &e.schema);
        if e.values.is_empty() {
            cx.push(
                ProblemKind::EmptyEnum,
                &p,
                format!("The enum \"{}\" has no values.", e.name),
            );
        }
        let mut seen = HashSet::new();
        for v in &e.values {
            let vp = p.with(ObjectKind::EnumValue, &v.id, &v.name);
            cx.check_name(&vp, "enum value", &v.name);
            if !seen.insert(v.name.as_str()) {
                cx.push(
                    ProblemKind::DuplicateEnumValue,
                    &vp,
                    format!("The enum \"{}\" lists \"{}\" twice.", e.name, v.name),
                );
            }
        }
    }
}

fn check_key_columns(
    cx: &mut Ctx,
    table: &Table,
    path: &ObjectPath,
    what: &str,
    columns: &[Id],
    allow_empty: bool,
) {
    if columns.is_empty() && !allow_empty {
        cx.push(
            ProblemKind::EmptyKey,
            path,
            format!("The {what} lists no columns."),
        );
    }
    let mut seen = HashSet::new();
    for id in columns {
        match table.column(id) {
            None => cx.push(
                ProblemKind::UnknownColumn,
                path,
                format!(
                    "The {what} uses column id \"{id}\", which is not a column of \"{}\".",
                    table.name
                ),
            ),
            Some(c) => {
                if !seen.insert(id) {
                    cx.push(
                        ProblemKind::DuplicateKeyColumn,
                        path,
                        format!("The {what} lists column \"{}\" twice.", c.name),
                    );
                }
            }
        }
    }
}

fn check_table(cx: &mut Ctx, ti: usize, t: &Table) {
    let tp = table_path(t);
    cx.check_name(&tp, "table", &t.name);
    cx.check_name(&tp, "table schema", &t.schema);
    if t.columns.is_empty() {
        cx.push(
            ProblemKind::EmptyTable,
            &tp,
            format!("The table \"{}\" has no columns.", t.name),
        );
    }
    if t.columns.len() > MAX_COLUMNS {
        cx.push(
            ProblemKind::TooManyColumns,
            &tp,
            format!(
                "The table \"{}\" has {} columns; PostgreSQL allows at most {MAX_COLUMNS}.",
                t.name,
                t.columns.len()
            ),
        );
    }
    let mut names = HashSet::new();
    for c in &t.columns {
        let cp = tp.with(ObjectKind::Column, &c.id, &c.name);
        cx.check_name(&cp, "column", &c.name);
        if !names.insert(c.name.as_str()) {
            cx.push(
                ProblemKind::DuplicateColumnName,
                &cp,
                format!(
                    "The table \"{}\" has two columns named \"{}\".",
                    t.name, c.name
                ),
            );
        }
        check_column(cx, &cp, c);
    }

    // Constraint names are unique per table.
    let mut constraint_names: HashSet<String> = HashSet::new();
    let mut note_constraint = |cx: &mut Ctx, path: &ObjectPath, name: String| {
        if !constraint_names.insert(name.clone()) {
            cx.push(
                ProblemKind::DuplicateConstraintName,
                path,
                format!(
                    "The table \"{}\" has two constraints named \"{name}\".",
                    t.name
                ),
            );
        }
    };

    if let Some(pk) = &t.primary_key {
        let name = cx.names[ti].pk.clone().unwrap_or_default();
        let p = tp.with(ObjectKind::PrimaryKey, &pk.id, &name);
        if let Some(n) = &pk.name {
            cx.check_name(&p, "primary key", n);
        }
        check_key_columns(cx, t, &p, "primary key", &pk.columns, false);
        note_constraint(cx, &p, name);
    }
    for (k, u) in t.uniques.iter().enumerate() {
        let name = cx.names[ti].uniques[k].clone();
        let p = tp.with(ObjectKind::Unique, &u.id, &name);
        if let Some(n) = &u.name {
            cx.check_name(&p, "unique constraint", n);
        }
        check_key_columns(cx, t, &p, "unique constraint", &u.columns, false);
        note_constraint(cx, &p, name);
    }
    for c in &t.checks {
        let p = tp.with(ObjectKind::Check, &c.id, &c.name);
        cx.check_name(&p, "check constraint", &c.name);
        if c.expression.trim().is_empty() {
            cx.push(
                ProblemKind::EmptyExpression,
                &p,
                format!("The check constraint \"{}\" has no expression.", c.name),
            );
        }
        note_constraint(cx, &p, c.name.clone());
    }
    check_policies(cx, t, &tp);
    routines::check_triggers(cx, t, &tp);
    for (k, fk) in t.foreign_keys.iter().enumerate() {
        let name = cx.names[ti].fks[k].clone();
        let p = tp.with(ObjectKind::ForeignKey, &fk.id, &name);
        if let Some(n) = &fk.name {
            cx.check_name(&p, "foreign key", n);
        }
        relations::check_foreign_key(cx, t, &p, fk);
        note_constraint(cx, &p, name);
    }
    for (k, ix) in t.indexes.iter().enumerate() {
        let name = cx.names[ti].indexes[k].clone();
        let p = tp.with(ObjectKind::Index, &ix.id, &name);
        if let Some(n) = &ix.name {
            cx.check_name(&p, "index", n);
        }
        if ix.parts.is_empty() {
            cx.push(ProblemKind::EmptyKey, &p, "The index has no key parts.");
        }
        for part in &ix.parts {
            match &part.key {
                IndexKey::Column(id) => {
                    if t.column(id).is_none() {
                        cx.push(
                            ProblemKind::UnknownColumn,
                            &p,
                            format!(
                                "The index uses column id \"{id}\", which is not a column of \"{}\".",
                                t.name
                            ),
                        );
                    }
                }
                IndexKey::Expression(e) => {
                    if e.trim().is_empty() {
                        cx.push(
                            ProblemKind::EmptyExpression,
                            &p,
                            "The index has an empty expression part.",
                        );
                    }
                }
            }
        }
        check_key_columns(cx, t, &p, "index INCLUDE list", &ix.include, true);
        if ix.predicate.as_deref().is_some_and(|w| w.trim().is_empty()) {
            cx.push(
                ProblemKind::EmptyExpression,
                &p,
                "The index has an empty WHERE predicate.",
            );
        }
    }
}

fn is_integer(ty: &ColumnType) -> bool {
    matches!(
        ty,
        ColumnType::SmallInt | ColumnType::Integer | ColumnType::BigInt
    )
}

fn check_type(cx: &mut Ctx, path: &ObjectPath, ty: &ColumnType, in_array: bool) {
    match ty {
        ColumnType::Enum { id } if cx.schema.enum_type(id).is_none() => {
            cx.push(
                ProblemKind::UnknownEnum,
                path,
                format!("The column's type names enum id \"{id}\", which does not exist."),
            );
        }
        ColumnType::Array { element } => check_type(cx, path, element, true),
        ColumnType::SmallSerial | ColumnType::Serial | ColumnType::BigSerial if in_array => cx
            .push(
                ProblemKind::InvalidType,
                path,
                "Serial types cannot be array elements.",
            ),
        ColumnType::Varchar { length: Some(n) } | ColumnType::Char { length: Some(n) }
            if *n == 0 || *n > 10_485_760 =>
        {
            cx.push(
                ProblemKind::InvalidType,
                path,
                format!("Length {n} is out of range (1 to 10485760)."),
            );
        }
        ColumnType::Numeric { precision, scale } => match (precision, scale) {
            (Some(p), _) if *p == 0 || *p > 1000 => cx.push(
                ProblemKind::InvalidType,
                path,
                format!("Numeric precision {p} is out of range (1 to 1000)."),
            ),
            (Some(p), Some(s)) if s > p => cx.push(
                ProblemKind::InvalidType,
                path,
                format!("Numeric scale {s} is larger than the precision {p}."),
            ),
            (None, Some(_)) => cx.push(
                ProblemKind::InvalidType,
                path,
                "A numeric scale needs a precision.",
            ),
            _ => {}
        },
        ColumnType::Time {
            precision: Some(p), ..
        }
        | ColumnType::Timestamp {
            precision: Some(p), ..
        } if *p > 6 => cx.push(
            ProblemKind::InvalidType,
            path,
            format!("Time precision {p} is out of range (0 to 6)."),
        ),
        ColumnType::Custom { name } if name.trim().is_empty() => cx.push(
            ProblemKind::InvalidType,
            path,
            "The column's custom type is empty.",
        ),
        _ => {}
    }
}

fn check_column(cx: &mut Ctx, cp: &ObjectPath, c: &Column) {
    check_type(cx, cp, &c.ty, false);
    let has_default = c.default.is_some();
    if let Some(id) = &c.identity {
        if !is_integer(&c.ty) {
            cx.push(
                ProblemKind::IdentityOnNonInteger,
                cp,
                format!(
                    "Identity ({id:?}) needs a smallint, integer or bigint column, not {}.",
                    crate::ddl::column_type_sql(cx.schema, &c.ty)
                ),
            );
        }
        if has_default {
            cx.push(
                ProblemKind::IdentityWithDefault,
                cp,
                "An identity column cannot also have a default.",
            );
        }
    } else if c.ty.is_serial() && has_default {
        cx.push(
            ProblemKind::IdentityWithDefault,
            cp,
            "A serial column already defaults to its sequence; it cannot have another default.",
        );
    }
    if let Some(g) = &c.generated {
        if g.trim().is_empty() {
            cx.push(
                ProblemKind::EmptyExpression,
                cp,
                "The generated column has no expression.",
            );
        }
        if has_default {
            cx.push(
                ProblemKind::GeneratedWithDefault,
                cp,
                "A generated column cannot also have a default.",
            );
        }
        if c.identity.is_some() || c.ty.is_serial() {
            cx.push(
                ProblemKind::GeneratedWithIdentity,
                cp,
                "A generated column cannot also be an identity or serial column.",
            );
        }
    }
    if let Some(d) = &c.default {
        if let Err(msg) = defaults::check_default(cx.schema, &c.ty, d) {
            let kind = if matches!(d, crate::model::DefaultValue::Expression(_)) {
                ProblemKind::EmptyExpression
            } else {
                ProblemKind::InvalidDefault
            };
            cx.push(kind, cp, msg);
        }
    }
}

/// Relation names (`pg_class`: tables, views, sequences, indexes including the ones behind primary keys and
/// unique constraints) and type names (enums, plus the row types of tables and views) are unique
/// per schema.
fn check_schema_level_names(cx: &mut Ctx) {
    let s = cx.schema;
    let mut relations: HashMap<(String, String), ObjectPath> = HashMap::new();
    let mut types: HashMap<(String, String), ObjectPath> = HashMap::new();
    let mut problems = Vec::new();
    let mut add_relation = |schema: &str, name: String, path: ObjectPath, what: &str| {
        let key = (schema.to_string(), name.clone());
        if let Some(first) = relations.get(&key) {
            problems.push(Problem {
                kind: ProblemKind::DuplicateRelationName,
                message: format!(
                    "The {what} name \"{name}\" is already used in schema \"{schema}\" by {first}."
                ),
                path,
            });
        } else {
            relations.insert(key, path);
        }
    };
    // Every relation kind, in model order (see `Schema::objects`); a table's keys and indexes
    // and a view's indexes are relations too and follow their owner.
    let mut table_index = 0;
    for o in s.objects().filter(|o| o.is_relation()) {
        match o {
            ObjectRef::Table(t) => {
                let ti = table_index;
                table_index += 1;
                let tp = table_path(t);
                add_relation(&t.schema, t.name.clone(), tp.clone(), "table");
                types
                    .entry((t.schema.clone(), t.name.clone()))
                    .or_insert(tp.clone());
                if let Some(pk) = &t.primary_key {
                    let n = cx.names[ti].pk.clone().unwrap_or_default();
                    let p = tp.with(ObjectKind::PrimaryKey, &pk.id, &n);
                    add_relation(&t.schema, n, p, "primary key");
                }
                for (k, u) in t.uniques.iter().enumerate() {
                    let n = cx.names[ti].uniques[k].clone();
                    let p = tp.with(ObjectKind::Unique, &u.id, &n);
                    add_relation(&t.schema, n, p, "unique constraint");
                }
                for (k, ix) in t.indexes.iter().enumerate() {
                    let n = cx.names[ti].indexes[k].clone();
                    let p = tp.with(ObjectKind::Index, &ix.id, &n);
                    add_relation(&t.schema, n, p, "index");
                }
            }
            ObjectRef::View(v) => {
                let vp = root().with(ObjectKind::View, &v.id, &v.name);
                add_relation(&v.schema, v.name.clone(), vp.clone(), "view");
                for ix in &v.indexes {
                    let n = crate::naming::effective_view_index_name(v, ix);
                    let p = vp.with(ObjectKind::Index, &ix.id, &n);
                    add_relation(&v.schema, n, p, "index");
                }
                types
                    .entry((v.schema.clone(), v.name.clone()))
                    .or_insert(vp);
            }
            ObjectRef::Sequence(q) => {
                add_relation(&q.schema, q.name.clone(), sequences::path(q), "sequence");
            }
            ObjectRef::Namespace(_)
            | ObjectRef::Enum(_)
            | ObjectRef::Function(_)
            | ObjectRef::Domain(_)
            | ObjectRef::Composite(_) => {}
        }
    }
    for e in &s.enums {
        let ep = root().with(ObjectKind::Enum, &e.id, &e.name);
        let key = (e.schema.clone(), e.name.clone());
        if let Some(first) = types.get(&key) {
            problems.push(Problem {
                kind: ProblemKind::DuplicateTypeName,
                message: format!(
                    "The type name \"{}\" is already used in schema \"{}\" by {first}.",
                    e.name, e.schema
                ),
                path: ep,
            });
        } else {
            types.insert(key, ep);
        }
    }
    let _ = DEFAULT_SCHEMA;
    cx.problems.extend(problems);
}
