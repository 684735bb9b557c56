//! The schema model: one plain-data description of a PostgreSQL schema that the canvas edits, the
//! server stores, the diff engine compares and the DDL renderer prints.
//!
//! Every object carries a stable [`Id`] so that a rename stays a rename across versions;
//! references between objects (a foreign key's columns, an enum-typed column) go by id, so renaming
//! the target never breaks them. The diagram layout lives beside the schema in [`Layout`], so moving
//! a table never produces SQL.

mod domain;
mod extension;
mod grant;
mod id;
mod identity;
mod layout;
mod object_lists;
mod objects;
mod partition;
mod policy;
mod routine;
mod sequence;
mod type_change;
mod types;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use domain::{CompositeAttribute, CompositeType, Domain, DomainCheck};
pub use extension::Extension;
pub use grant::{DefaultObjects, DefaultPrivilege, Grant, Privilege};
pub use id::Id;
pub use identity::{EffectiveIdentityOptions, IdentityOptions};
pub use layout::{AuditColumns, Conventions, Group, KeyStyle, Layout, Naming, Note, Placement};
pub use object_lists::{sort_by_rank, Object, ObjectKind};
pub use objects::{rederive_top_level, sort_qualified, ObjectRef, TopLevel};
pub use partition::{Partition, PartitionStrategy, Partitioning};
pub use policy::{Policy, PolicyCommand, RowSecurity};
pub use routine::{
    Aggregate, ArgMode, Argument, Function, Parallel, RoutineKind, Trigger, TriggerEvent,
    TriggerTiming, Volatility,
};
pub use sequence::{Sequence, SequenceOwner, SequenceType};
pub use type_change::TypeChange;
pub use types::ColumnType;

/// The current document format tag, written into every saved document.
pub const FORMAT: &str = "joinery/1";

/// The namespace every unqualified object lives in.
pub const DEFAULT_SCHEMA: &str = "public";

/// A saved design: the logical schema plus its diagram layout, as stored and exchanged as JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Always [`FORMAT`]; lets future versions upgrade old documents.
    pub format: String,
    /// What the database should contain.
    pub schema: Schema,
    /// Where things are drawn; never affects SQL.
    #[serde(default)]
    pub layout: Layout,
}

impl Document {
    /// A document holding `schema` with an empty layout.
    pub fn new(schema: Schema) -> Self {
        Document {
            format: FORMAT.to_string(),
            schema,
            layout: Layout::default(),
        }
    }
}

/// The logical schema: everything that turns into SQL.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Schema {
    /// Namespaces other than the implicit `public` one (which may also be listed).
    #[serde(default)]
    pub namespaces: Vec<Namespace>,
    /// Enum types.
    #[serde(default)]
    pub enums: Vec<Enum>,
    /// Tables with their columns, constraints and indexes.
    #[serde(default)]
    pub tables: Vec<Table>,
    /// Views, kept as SQL text.
    #[serde(default)]
    pub views: Vec<View>,
    /// Standalone sequences (`CREATE SEQUENCE`); the sequences behind `serial` and identity
    /// columns belong to their columns instead.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sequences: Vec<Sequence>,
    /// Functions and procedures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub functions: Vec<Function>,
    /// Domains.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<Domain>,
    /// Extensions installed explicitly.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Extension>,
    /// Composite types.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub composites: Vec<CompositeType>,
    /// `ALTER DEFAULT PRIVILEGES` entries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub default_privileges: Vec<DefaultPrivilege>,
}

/// A PostgreSQL schema (namespace), e.g. `auth` in `auth.users`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Namespace {
    /// Stable identity.
    pub id: Id,
    /// The schema name.
    pub name: String,
    /// `COMMENT ON SCHEMA`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Privileges granted on it (`USAGE`, `CREATE`), without its owner's. Empty on `public`
    /// means PostgreSQL's default there (see [`Namespace::effective_grants`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grants: Vec<Grant>,
}

impl Namespace {
    /// What PostgreSQL (15 and later) grants on a schema by itself: `USAGE` to `public` on the
    /// `public` schema, nothing on a new one.
    pub fn default_grants(name: &str) -> Vec<Grant> {
        if name == DEFAULT_SCHEMA {
            vec![Grant {
                role: "public".into(),
                privilege: Privilege::Usage,
                grantable: false,
            }]
        } else {
            Vec::new()
        }
    }

    /// The grants in force on the schema named `name` of `schema`: its listed grants, or the
    /// default when it lists none (or is not listed).
    pub fn effective_grants(schema: &Schema, name: &str) -> Vec<Grant> {
        match schema.namespaces.iter().find(|n| n.name == name) {
            Some(n) if !n.grants.is_empty() || name != DEFAULT_SCHEMA => n.grants.clone(),
            _ => Self::default_grants(name),
        }
    }
}

/// An enum type with its ordered values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enum {
    /// Stable identity, referenced by [`ColumnType::Enum`].
    pub id: Id,
    /// The namespace name (`public` unless stated).
    #[serde(default = "default_schema")]
    pub schema: String,
    /// The type name.
    pub name: String,
    /// Values in their declared order (order matters for comparisons in PostgreSQL).
    pub values: Vec<EnumValue>,
    /// `COMMENT ON TYPE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// One label of an enum; its id lets a relabel become `ALTER TYPE ... RENAME VALUE`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumValue {
    /// Stable identity.
    pub id: Id,
    /// The label.
    pub name: String,
}

/// A table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Stable identity, referenced by foreign keys and the layout.
    pub id: Id,
    /// The namespace name (`public` unless stated).
    #[serde(default = "default_schema")]
    pub schema: String,
    /// The table name.
    pub name: String,
    /// Columns in order.
    pub columns: Vec<Column>,
    /// The primary key, single or composite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_key: Option<PrimaryKey>,
    /// UNIQUE constraints.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uniques: Vec<Unique>,
    /// CHECK constraints.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
    /// Foreign keys from this table.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foreign_keys: Vec<ForeignKey>,
    /// Indexes on this table (unique indexes included; UNIQUE constraints are in `uniques`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<Index>,
    /// `COMMENT ON TABLE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Row-level security: enabled, forced.
    #[serde(default, skip_serializing_if = "RowSecurity::is_default")]
    pub row_security: RowSecurity,
    /// Row-level security policies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<Policy>,
    /// Triggers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub triggers: Vec<Trigger>,
    /// `PARTITION BY …`: a partitioned table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_by: Option<Partitioning>,
    /// Its partitions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partitions: Vec<Partition>,
    /// Privileges granted on it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grants: Vec<Grant>,
}

/// A column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// Stable identity, referenced by keys, indexes and foreign keys.
    pub id: Id,
    /// The column name.
    pub name: String,
    /// The data type.
    #[serde(rename = "type")]
    pub ty: ColumnType,
    /// `NOT NULL` (primary key columns are NOT NULL in PostgreSQL whatever this says).
    #[serde(default)]
    pub not_null: bool,
    /// `DEFAULT ...`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<DefaultValue>,
    /// `GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
    /// The identity's sequence options (`START WITH`, `INCREMENT BY`, ...): only the values
    /// that differ from PostgreSQL's defaults, and none without an identity (see
    /// [`IdentityOptions`]); without them a migration would renumber the column from 1.
    #[serde(default, skip_serializing_if = "IdentityOptions::is_default")]
    pub identity_options: IdentityOptions,
    /// `COLLATE "C"`: a collation other than the type's default (e.g. byte-order sorting and
    /// `LIKE` prefix searches on a code column); the name as PostgreSQL spells it, unquoted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    /// `GENERATED ALWAYS AS (<expr>) STORED`: the SQL expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<String>,
    /// `COMMENT ON COLUMN`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A column default.
///
/// Literals are kept typed so the renderer can quote and cast them correctly and validation can
/// check them against the column type; anything else is an SQL expression kept verbatim.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    content = "value",
    rename_all = "snake_case",
    try_from = "DefaultValueRepr"
)]
pub enum DefaultValue {
    /// `DEFAULT NULL`.
    Null,
    /// `DEFAULT true` / `false`.
    Boolean(bool),
    /// A numeric literal, kept as written (`15`, `-2.50`, `1e9`).
    Number(String),
    /// A string literal (unquoted here; the renderer quotes it). Also used for enum labels,
    /// dates, uuids and other types written as quoted literals.
    String(String),
    /// A JSON value for `json`/`jsonb` columns, rendered as `'<json>'::jsonb`.
    Json(serde_json::Value),
    /// Any SQL expression, verbatim: `gen_random_uuid()`, `now()`, `(1 + 2)`, ...
    Expression(String),
}

/// A [`DefaultValue`] as read: `{kind, value}` in any order, the value as JSON. The derived
/// reader of an adjacently tagged enum buffers the value (serde's `Content`) when it comes
/// first, and that code is large in the designer's wasm; the JSON is the same both ways.
#[derive(Deserialize)]
struct DefaultValueRepr {
    kind: String,
    #[serde(default)]
    value: serde_json::Value,
}

impl TryFrom<DefaultValueRepr> for DefaultValue {
    type Error = String;

    fn try_from(r: DefaultValueRepr) -> Result<Self, String> {
        use serde_json::Value;
        let kind = r.kind.as_str();
        let string = |v: Value| match v {
            Value::String(s) => Ok(s),
            other => Err(format!(
                "default `{kind}`: expected a string, found {other}"
            )),
        };
        Ok(match kind {
            "null" => DefaultValue::Null,
            "boolean" => match r.value {
                Value::Bool(b) => DefaultValue::Boolean(b),
                other => {
                    return Err(format!(
                        "default `boolean`: expected a boolean, found {other}"
                    ))
                }
            },
            "number" => DefaultValue::Number(string(r.value)?),
            "string" => DefaultValue::String(string(r.value)?),
            "json" => DefaultValue::Json(r.value),
            "expression" => DefaultValue::Expression(string(r.value)?),
            other => return Err(format!("unknown default kind `{other}`")),
        })
    }
}

/// Identity column kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Identity {
    /// `GENERATED ALWAYS AS IDENTITY`.
    Always,
    /// `GENERATED BY DEFAULT AS IDENTITY`.
    ByDefault,
}

crate::unit_enum::unit_enum!(Identity {
    Always = "always",
    ByDefault = "by_default",
});

/// The primary key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrimaryKey {
    /// Stable identity.
    pub id: Id,
    /// Constraint name; `None` means the conventional name (see the `naming` module).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Column ids, in key order.
    pub columns: Vec<Id>,
    /// `DEFERRABLE`: uniqueness is checked at the end of the statement (or, initially deferred,
    /// of the transaction), which lets a batch swap key values.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deferrable: bool,
    /// `INITIALLY DEFERRED` (only meaningful when deferrable).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub initially_deferred: bool,
}

/// A UNIQUE constraint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unique {
    /// Stable identity.
    pub id: Id,
    /// Constraint name; `None` means the conventional name (see the `naming` module).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Column ids, in order.
    pub columns: Vec<Id>,
    /// `NULLS NOT DISTINCT` (PostgreSQL 15+).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nulls_not_distinct: bool,
    /// `DEFERRABLE` (see [`PrimaryKey::deferrable`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deferrable: bool,
    /// `INITIALLY DEFERRED` (only meaningful when deferrable).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub initially_deferred: bool,
}

/// A CHECK constraint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// Stable identity.
    pub id: Id,
    /// Constraint name (checks have no derivable conventional name, so it is required).
    pub name: String,
    /// The boolean SQL expression, without the surrounding `CHECK (...)`.
    pub expression: String,
    /// `NOT VALID`: enforced on new and updated rows, but existing rows were never checked. A
    /// production schema keeps this state while old rows are being fixed; planning it as a plain
    /// constraint would scan (and may fail on) the whole table.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_valid: bool,
    /// `NO INHERIT`: not inherited by child tables.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_inherit: bool,
}

/// A foreign key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignKey {
    /// Stable identity.
    pub id: Id,
    /// Constraint name; `None` means the conventional name (see the `naming` module).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Referencing column ids of this table, in order.
    pub columns: Vec<Id>,
    /// The referenced table's id.
    pub ref_table: Id,
    /// Referenced column ids of that table, pairing with `columns`.
    pub ref_columns: Vec<Id>,
    /// `ON DELETE`.
    #[serde(default, skip_serializing_if = "ReferentialAction::is_no_action")]
    pub on_delete: ReferentialAction,
    /// `ON UPDATE`.
    #[serde(default, skip_serializing_if = "ReferentialAction::is_no_action")]
    pub on_update: ReferentialAction,
    /// `DEFERRABLE`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deferrable: bool,
    /// `INITIALLY DEFERRED` (only meaningful when deferrable).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub initially_deferred: bool,
    /// `MATCH FULL`: a composite key with some NULL columns must be all NULL (the default, MATCH
    /// SIMPLE, skips the check as soon as one column is NULL).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub match_full: bool,
    /// `NOT VALID`: see [`Check::not_valid`].
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_valid: bool,
}

/// What a foreign key does when the referenced row is deleted or updated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferentialAction {
    /// `NO ACTION` (PostgreSQL's default).
    #[default]
    NoAction,
    /// `RESTRICT`.
    Restrict,
    /// `CASCADE`.
    Cascade,
    /// `SET NULL`.
    SetNull,
    /// `SET DEFAULT`.
    SetDefault,
}

crate::unit_enum::unit_enum!(ReferentialAction {
    NoAction = "no_action",
    Restrict = "restrict",
    Cascade = "cascade",
    SetNull = "set_null",
    SetDefault = "set_default",
});

impl ReferentialAction {
    /// True for the default, so it is left out of JSON.
    pub fn is_no_action(&self) -> bool {
        *self == ReferentialAction::NoAction
    }

    /// The SQL keywords.
    pub fn sql(&self) -> &'static str {
        match self {
            ReferentialAction::NoAction => "NO ACTION",
            ReferentialAction::Restrict => "RESTRICT",
            ReferentialAction::Cascade => "CASCADE",
            ReferentialAction::SetNull => "SET NULL",
            ReferentialAction::SetDefault => "SET DEFAULT",
        }
    }
}

/// An index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    /// Stable identity.
    pub id: Id,
    /// Index name; `None` means the conventional name (see the `naming` module).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `CREATE UNIQUE INDEX`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unique: bool,
    /// Access method.
    #[serde(default, skip_serializing_if = "IndexMethod::is_btree")]
    pub method: IndexMethod,
    /// Key parts in order.
    pub parts: Vec<IndexPart>,
    /// `INCLUDE (...)` column ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<Id>,
    /// Partial index predicate (`WHERE ...`), SQL text without the keyword.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicate: Option<String>,
    /// `NULLS NOT DISTINCT` for unique indexes (PostgreSQL 15+).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nulls_not_distinct: bool,
    /// Storage parameters, `WITH (fillfactor = 70, ...)`: name (lowercase) to value as
    /// PostgreSQL prints it (`70`, `off`). Ordered, so two spellings compare equal.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub storage: BTreeMap<String, String>,
    /// `COMMENT ON INDEX`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// Index access method.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexMethod {
    /// B-tree (the default).
    #[default]
    Btree,
    /// Hash.
    Hash,
    /// GIN.
    Gin,
    /// GiST.
    Gist,
    /// BRIN.
    Brin,
    /// SP-GiST.
    Spgist,
}

crate::unit_enum::unit_enum!(IndexMethod {
    Btree = "btree",
    Hash = "hash",
    Gin = "gin",
    Gist = "gist",
    Brin = "brin",
    Spgist = "spgist",
});

impl IndexMethod {
    /// True for the default, so it is left out of JSON.
    pub fn is_btree(&self) -> bool {
        *self == IndexMethod::Btree
    }

    /// The name used in `USING <method>`.
    pub fn sql(&self) -> &'static str {
        match self {
            IndexMethod::Btree => "btree",
            IndexMethod::Hash => "hash",
            IndexMethod::Gin => "gin",
            IndexMethod::Gist => "gist",
            IndexMethod::Brin => "brin",
            IndexMethod::Spgist => "spgist",
        }
    }
}

/// One key of an index: a column or an expression, with its ordering.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexPart {
    /// What is indexed.
    pub key: IndexKey,
    /// `DESC`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub descending: bool,
    /// `NULLS FIRST` / `NULLS LAST` when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nulls: Option<NullsOrder>,
    /// Operator class, e.g. `jsonb_path_ops`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opclass: Option<String>,
    /// `COLLATE "C"`: a collation other than the key's own (a `text_pattern_ops`-free way to
    /// make `LIKE 'abc%'` use the index); the name as written, quoted where needed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
}

/// The indexed thing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexKey {
    /// A column, by id.
    Column(Id),
    /// An SQL expression, e.g. `lower(email)`.
    Expression(String),
}

/// Where NULLs sort in an index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NullsOrder {
    /// `NULLS FIRST`.
    First,
    /// `NULLS LAST`.
    Last,
}

crate::unit_enum::unit_enum!(NullsOrder {
    First = "first",
    Last = "last",
});

/// A view (or materialized view), kept as SQL text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct View {
    /// Stable identity.
    pub id: Id,
    /// The namespace name.
    #[serde(default = "default_schema")]
    pub schema: String,
    /// The view name.
    pub name: String,
    /// Optional explicit column names: `CREATE VIEW v (a, b) AS ...`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    /// The query, without `CREATE VIEW ... AS`.
    pub query: String,
    /// `CREATE MATERIALIZED VIEW`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub materialized: bool,
    /// `COMMENT ON VIEW`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// `WITH [LOCAL | CASCADED] CHECK OPTION` (plain views only; `WITH CHECK OPTION` is
    /// `CASCADED`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_option: Option<CheckOption>,
    /// Indexes on a materialized view. A view has no column ids, so every key is an
    /// [`IndexKey::Expression`]: a key that is one column holds the column's name (quoted where
    /// PostgreSQL needs it), anything else the expression; `include` is always empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<Index>,
}

/// `WITH ... CHECK OPTION` of an updatable view: rows written through the view must be visible
/// in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckOption {
    /// `WITH LOCAL CHECK OPTION`: only this view's own condition is checked.
    Local,
    /// `WITH [CASCADED] CHECK OPTION`: the conditions of the views under it too.
    Cascaded,
}

crate::unit_enum::unit_enum!(CheckOption {
    Local = "local",
    Cascaded = "cascaded",
});

impl CheckOption {
    /// The keyword, as in `WITH <kw> CHECK OPTION` and `check_option = <kw>`.
    pub fn sql(&self) -> &'static str {
        match self {
            CheckOption::Local => "LOCAL",
            CheckOption::Cascaded => "CASCADED",
        }
    }
}

pub(crate) fn default_schema() -> String {
    DEFAULT_SCHEMA.to_string()
}

impl Schema {
    /// The table with this id.
    pub fn table(&self, id: &Id) -> Option<&Table> {
        self.tables.iter().find(|t| &t.id == id)
    }

    /// The enum with this id.
    pub fn enum_type(&self, id: &Id) -> Option<&Enum> {
        self.enums.iter().find(|e| &e.id == id)
    }

    /// The standalone sequence with this id.
    pub fn sequence(&self, id: &Id) -> Option<&Sequence> {
        self.sequences.iter().find(|s| &s.id == id)
    }
}

impl Table {
    /// The column with this id.
    pub fn column(&self, id: &Id) -> Option<&Column> {
        self.columns.iter().find(|c| &c.id == id)
    }

    /// The column with this name.
    pub fn column_named(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}
