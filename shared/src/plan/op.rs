//! The typed operation behind every planned statement: what it does, to which object, as data.
//!
//! The planner builds an [`Op`]; the SQL is its [`Display`](fmt::Display), and its inverse is
//! [`Op::reverse`], read from the data rather than from the SQL text. Names are kept unquoted
//! (`schema`, `name`) where the inverse or a lock needs them; bodies built from the model by
//! `ddl` (a `CREATE TABLE`, a constraint definition, a column definition) are kept rendered.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ddl::qualified_name;

use super::locks::TableEffect;
use crate::naming::{quote_ident, quote_literal};

/// The kind of object an `ALTER … RENAME TO` or `ALTER … SET SCHEMA` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
    /// `TABLE`.
    Table,
    /// `VIEW`.
    View,
    /// `MATERIALIZED VIEW`.
    MaterializedView,
    /// `TYPE` (an enum type).
    Type,
    /// `INDEX`.
    Index,
    /// `SEQUENCE`.
    Sequence,
    /// `DOMAIN`.
    Domain,
}

crate::unit_enum::unit_enum!(ObjectKind {
    Table = "table",
    View = "view",
    MaterializedView = "materialized_view",
    Type = "type",
    Index = "index",
    Sequence = "sequence",
    Domain = "domain",
});

impl ObjectKind {
    /// The keyword after `ALTER`/`DROP`.
    pub fn keyword(&self) -> &'static str {
        match self {
            ObjectKind::Table => "TABLE",
            ObjectKind::View => "VIEW",
            ObjectKind::MaterializedView => "MATERIALIZED VIEW",
            ObjectKind::Type => "TYPE",
            ObjectKind::Index => "INDEX",
            ObjectKind::Sequence => "SEQUENCE",
            ObjectKind::Domain => "DOMAIN",
        }
    }
}

/// What `ALTER TABLE … ALTER COLUMN <col>` does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnAction {
    /// `TYPE <ty><collate>[ USING <using>]`; `collate` is the rendered ` COLLATE …` or empty.
    Type {
        /// The type, rendered.
        ty: String,
        /// The rendered ` COLLATE …` clause, or empty.
        collate: String,
        /// The `USING` expression, rendered.
        using: Option<String>,
        /// What it does to the rows: a rewrite unless the change is binary-coercible, a scan when
        /// only the column's indexes are rebuilt (a collation change).
        #[serde(default)]
        effect: TableEffect,
    },
    /// `SET DEFAULT <expr>`.
    SetDefault(String),
    /// `DROP DEFAULT`.
    DropDefault,
    /// `SET NOT NULL`.
    SetNotNull {
        /// A validated `CHECK (col IS NOT NULL)` proves it, so PostgreSQL reads no row.
        #[serde(default)]
        proven: bool,
    },
    /// `DROP NOT NULL`.
    DropNotNull,
    /// `ADD GENERATED <ALWAYS|BY DEFAULT> AS IDENTITY<options>` (`options` rendered, may be empty).
    AddIdentity {
        /// `ALWAYS` rather than `BY DEFAULT`.
        always: bool,
        /// The rendered identity options, or empty.
        options: String,
    },
    /// `SET GENERATED <ALWAYS|BY DEFAULT>`.
    SetGenerated {
        /// `ALWAYS` rather than `BY DEFAULT`.
        always: bool,
    },
    /// `SET START WITH … SET INCREMENT BY …`, rendered.
    SetIdentityOptions(String),
    /// `DROP IDENTITY`.
    DropIdentity,
    /// `DROP EXPRESSION` (a generated column becomes a plain one).
    DropExpression,
}

fn generated(always: bool) -> &'static str {
    if always {
        "ALWAYS"
    } else {
        "BY DEFAULT"
    }
}

impl fmt::Display for ColumnAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ColumnAction::Type {
                ty, collate, using, ..
            } => {
                write!(f, "TYPE {ty}{collate}")?;
                if let Some(u) = using {
                    write!(f, " USING {u}")?;
                }
                Ok(())
            }
            ColumnAction::SetDefault(d) => write!(f, "SET DEFAULT {d}"),
            ColumnAction::DropDefault => f.write_str("DROP DEFAULT"),
            ColumnAction::SetNotNull { .. } => f.write_str("SET NOT NULL"),
            ColumnAction::DropNotNull => f.write_str("DROP NOT NULL"),
            ColumnAction::AddIdentity { always, options } => {
                write!(
                    f,
                    "ADD GENERATED {} AS IDENTITY{options}",
                    generated(*always)
                )
            }
            ColumnAction::SetGenerated { always } => {
                write!(f, "SET GENERATED {}", generated(*always))
            }
            ColumnAction::SetIdentityOptions(sets) => f.write_str(sets),
            ColumnAction::DropIdentity => f.write_str("DROP IDENTITY"),
            ColumnAction::DropExpression => f.write_str("DROP EXPRESSION"),
        }
    }
}

/// Where `ALTER TYPE … ADD VALUE` puts the new label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnumPosition {
    /// At the end.
    Last,
    /// `BEFORE` this label.
    Before(String),
    /// `AFTER` this label.
    After(String),
}

/// One operation the planner emits. `table` fields hold the qualified table name as printed
/// (`app.t`, `"T"`); `schema`/`name`/`column` fields hold unquoted names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// `CREATE SCHEMA [IF NOT EXISTS] <name>;` (`name` quoted: an extension's schema comes
    /// rendered from the model).
    CreateSchema {
        /// The name, quoted.
        name: String,
        /// `IF NOT EXISTS`.
        if_not_exists: bool,
    },
    /// `DROP SCHEMA <name>;` (`name` quoted).
    DropSchema {
        /// The name, quoted.
        name: String,
    },
    /// `CREATE EXTENSION IF NOT EXISTS <name>[ WITH SCHEMA <schema>];` (quoted).
    CreateExtension {
        /// The name, quoted (printed as is).
        name: String,
        /// The schema, quoted (printed as is).
        schema: Option<String>,
        /// `VERSION '…'`, when the design pins one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        version: Option<String>,
    },
    /// `ALTER EXTENSION <name> UPDATE TO '<version>';`: the design pins a version the database
    /// does not have.
    UpdateExtension {
        /// The name, quoted.
        name: String,
        /// The version wanted.
        version: String,
        /// The version installed, when known (the reverse goes back to it).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from_version: Option<String>,
    },
    /// `DROP EXTENSION <name>;` (quoted).
    DropExtension {
        /// The name, quoted.
        name: String,
    },
    /// `CREATE TYPE … AS ENUM (…);`, rendered by `ddl`.
    CreateEnum {
        /// The schema, unquoted.
        schema: String,
        /// The name, unquoted.
        name: String,
        /// The statement as `ddl` renders it.
        sql: String,
    },
    /// `DROP TYPE <schema.name>;`
    DropType {
        /// The schema, unquoted.
        schema: String,
        /// The name, unquoted.
        name: String,
    },
    /// `ALTER TYPE <type> ADD VALUE '<value>'[ BEFORE|AFTER '<other>'];` (`type_name` rendered).
    AddEnumValue {
        /// The enum type, qualified and quoted as printed.
        type_name: String,
        /// The label, unquoted.
        value: String,
        /// Where the label goes.
        position: EnumPosition,
    },
    /// `ALTER TYPE <type> RENAME VALUE '<from>' TO '<to>';`
    RenameEnumValue {
        /// The enum type, qualified and quoted as printed.
        type_name: String,
        /// The current name, unquoted.
        from: String,
        /// The new name, unquoted.
        to: String,
    },
    /// `ALTER <kind> <schema.from> RENAME TO <to>;`
    Rename {
        /// What is altered.
        kind: ObjectKind,
        /// The schema, unquoted.
        schema: String,
        /// The current name, unquoted.
        from: String,
        /// The new name, unquoted.
        to: String,
    },
    /// `ALTER <kind> <schema.name> SET SCHEMA <new_schema>;` (not for [`ObjectKind::Index`]:
    /// PostgreSQL has no `ALTER INDEX … SET SCHEMA`, an index moves with its table).
    SetSchema {
        /// What is altered.
        kind: ObjectKind,
        /// The schema, unquoted.
        schema: String,
        /// The name, unquoted.
        name: String,
        /// The schema it moves to, unquoted.
        new_schema: String,
    },
    /// `CREATE TABLE …;`, rendered by `ddl`.
    CreateTable {
        /// The schema, unquoted.
        schema: String,
        /// The name, unquoted.
        name: String,
        /// The statement as `ddl` renders it.
        sql: String,
    },
    /// `DROP TABLE <schema.name>;`
    DropTable {
        /// The schema, unquoted.
        schema: String,
        /// The name, unquoted.
        name: String,
    },
    /// `ALTER TABLE <table> ADD COLUMN <definition>;` (`definition` rendered by `ddl`, starting
    /// with the quoted name).
    AddColumn {
        /// The table.
        table: Relation,
        /// The column, unquoted.
        column: String,
        /// The body as `ddl` renders it.
        definition: String,
        /// PostgreSQL rewrites the table to fill it (a volatile default, an identity, a serial,
        /// a stored generated expression).
        #[serde(default)]
        rewrites: bool,
    },
    /// `ALTER TABLE <table> DROP COLUMN <column>;`
    DropColumn {
        /// The table.
        table: Relation,
        /// The column, unquoted.
        column: String,
    },
    /// `ALTER TABLE <table> RENAME COLUMN <from> TO <to>;`
    RenameColumn {
        /// The table.
        table: Relation,
        /// The current name, unquoted.
        from: String,
        /// The new name, unquoted.
        to: String,
    },
    /// `ALTER TABLE <table> ALTER COLUMN <column> <action>;`
    AlterColumn {
        /// The table.
        table: Relation,
        /// The column, unquoted.
        column: String,
        /// What is done to the column.
        action: ColumnAction,
    },
    /// `ALTER TABLE <table> ADD <definition>[ NOT VALID];` (`definition` rendered by `ddl`:
    /// `CONSTRAINT <name> …`).
    AddConstraint {
        /// The table.
        table: Relation,
        /// The name, unquoted.
        name: String,
        /// The body as `ddl` renders it.
        definition: String,
        /// Added `NOT VALID`: existing rows are not checked.
        not_valid: bool,
        /// The referenced table of a foreign key (which it locks too).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        references: Option<Relation>,
    },
    /// `ALTER TABLE <table> DROP CONSTRAINT <name>;`
    DropConstraint {
        /// The table.
        table: Relation,
        /// The name, unquoted.
        name: String,
    },
    /// `ALTER TABLE <table> RENAME CONSTRAINT <from> TO <to>;`
    RenameConstraint {
        /// The table.
        table: Relation,
        /// The current name, unquoted.
        from: String,
        /// The new name, unquoted.
        to: String,
    },
    /// `ALTER TABLE <table> VALIDATE CONSTRAINT <name>;`
    ValidateConstraint {
        /// The table.
        table: Relation,
        /// The name, unquoted.
        name: String,
    },
    /// `CREATE [UNIQUE] INDEX [CONCURRENTLY] <name> ON …;`: `sql` rendered by `ddl` (without
    /// `CONCURRENTLY`); `schema` is the index's (its table's).
    CreateIndex {
        /// The table or materialized view it is built on.
        table: Relation,
        /// The schema, unquoted.
        schema: String,
        /// The name, unquoted.
        name: String,
        /// `CONCURRENTLY`: no lock blocking writes, but not in a transaction.
        concurrently: bool,
        /// The statement as `ddl` renders it.
        sql: String,
    },
    /// `DROP INDEX [CONCURRENTLY] <schema.name>;`
    DropIndex {
        /// The table or materialized view it belongs to (whose lock it takes).
        table: Relation,
        /// The schema, unquoted.
        schema: String,
        /// The name, unquoted.
        name: String,
        /// `CONCURRENTLY`: no lock blocking writes, but not in a transaction.
        concurrently: bool,
    },
    /// `COMMENT ON <on> <target> IS '<text>'|NULL;` (`on` is `TABLE`, `COLUMN`, `TYPE`, `INDEX`,
    /// `VIEW` or `MATERIALIZED VIEW`; `target` rendered).
    Comment {
        /// The object kind keyword (`TABLE`, `COLUMN`, …).
        on: String,
        /// The object, qualified and quoted as printed.
        target: String,
        /// The comment, or `None` to remove it.
        text: Option<String>,
        /// The table a `TABLE` or `COLUMN` comment is on (whose lock it takes).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        table: Option<Relation>,
    },
    /// `CREATE [MATERIALIZED] VIEW … AS …;`, rendered by `ddl`.
    CreateView {
        /// The schema, unquoted.
        schema: String,
        /// The name, unquoted.
        name: String,
        /// A materialized view.
        materialized: bool,
        /// The statement as `ddl` renders it.
        sql: String,
    },
    /// `DROP [MATERIALIZED] VIEW <schema.name>;`
    DropView {
        /// The schema, unquoted.
        schema: String,
        /// The name, unquoted.
        name: String,
        /// A materialized view.
        materialized: bool,
    },
    /// `ALTER VIEW <view> SET (check_option = …);` or `RESET (check_option)` when `None`.
    SetCheckOption {
        /// The view.
        view: Relation,
        /// `local` or `cascaded`, or `None` to reset.
        option: Option<String>,
    },
    /// `CREATE SEQUENCE <sequence> AS <ty> OWNED BY <table>.<column>;` (`sequence` rendered).
    CreateOwnedSequence {
        /// The sequence, rendered.
        sequence: String,
        /// The type, rendered.
        ty: String,
        /// The table.
        table: Relation,
        /// The column, unquoted.
        column: String,
    },
    /// `DO $$ … $$;` dropping the sequence a serial column owns, found by ownership.
    DropOwnedSequence {
        /// The table.
        table: Relation,
        /// The column, unquoted.
        column: String,
    },
    /// `SELECT setval(<sequence>, max|min(<column>)) FROM <table>[ HAVING … <cmp> <start>];`:
    /// moves a sequence past the values already in the column. `sequence` is an SQL expression.
    SetvalPastRows {
        /// The sequence, rendered.
        sequence: String,
        /// Counting down: moved to the `min` rather than the `max`.
        descending: bool,
        /// The column, unquoted.
        column: String,
        /// The table.
        table: Relation,
        /// The sequence's start, when only a column past it needs the move.
        having_past: Option<i64>,
    },
    /// `CREATE SEQUENCE …;`, rendered by `ddl`.
    CreateSequence {
        /// The schema, unquoted.
        schema: String,
        /// The name, unquoted.
        name: String,
        /// The statement as `ddl` renders it.
        sql: String,
    },
    /// `ALTER SEQUENCE <schema.name> …;` setting options or ownership, rendered.
    AlterSequence {
        /// The schema, unquoted.
        schema: String,
        /// The name, unquoted.
        name: String,
        /// The statement.
        sql: String,
    },
    /// `DROP SEQUENCE <schema.name>;`
    DropSequence {
        /// The schema, unquoted.
        schema: String,
        /// The name, unquoted.
        name: String,
    },
    /// `ALTER TABLE <table> ENABLE|DISABLE ROW LEVEL SECURITY;`
    SetRowSecurity {
        /// The table.
        table: Relation,
        /// Enable rather than disable.
        enabled: bool,
    },
    /// `ALTER TABLE <table> [NO] FORCE ROW LEVEL SECURITY;`
    SetForceRowSecurity {
        /// The table.
        table: Relation,
        /// Force rather than no force.
        forced: bool,
    },
    /// `CREATE POLICY …;`, rendered by `ddl`.
    CreatePolicy {
        /// The table.
        table: Relation,
        /// The name, unquoted.
        name: String,
        /// The statement as `ddl` renders it.
        sql: String,
    },
    /// `ALTER POLICY <name> ON <table> TO … [USING (…)] [WITH CHECK (…)];`, rendered by `ddl`.
    AlterPolicy {
        /// The table.
        table: Relation,
        /// The name, unquoted.
        name: String,
        /// The statement as `ddl` renders it.
        sql: String,
    },
    /// `ALTER POLICY <from> ON <table> RENAME TO <to>;`
    RenamePolicy {
        /// The table.
        table: Relation,
        /// The current name, unquoted.
        from: String,
        /// The new name, unquoted.
        to: String,
    },
    /// `DROP POLICY <name> ON <table>;`
    DropPolicy {
        /// The table.
        table: Relation,
        /// The name, unquoted.
        name: String,
    },
    /// `CREATE [OR REPLACE] FUNCTION|PROCEDURE …;`, rendered by `ddl`.
    CreateFunction {
        /// The routine: schema, name, kind and input types.
        routine: Routine,
        /// `OR REPLACE` of an existing routine (whose old definition the op does not carry).
        replace: bool,
        /// The statement as `ddl` renders it.
        sql: String,
    },
    /// `DROP FUNCTION|PROCEDURE <schema.name(types)>;`
    DropFunction {
        /// The routine.
        routine: Routine,
    },
    /// `ALTER FUNCTION|PROCEDURE <schema.name(types)> RENAME TO <to>;`
    RenameFunction {
        /// The routine, under its current name.
        routine: Routine,
        /// The new name, unquoted.
        to: String,
    },
    /// `ALTER FUNCTION|PROCEDURE <schema.name(types)> SET SCHEMA <new_schema>;`
    SetFunctionSchema {
        /// The routine, in its current schema.
        routine: Routine,
        /// The new schema, unquoted.
        new_schema: String,
    },
    /// `CREATE TRIGGER …;`, rendered by `ddl`.
    CreateTrigger {
        /// The table.
        table: Relation,
        /// The name, unquoted.
        name: String,
        /// The statement as `ddl` renders it.
        sql: String,
    },
    /// `DROP TRIGGER <name> ON <table>;`
    DropTrigger {
        /// The table.
        table: Relation,
        /// The name, unquoted.
        name: String,
    },
    /// `ALTER TRIGGER <from> ON <table> RENAME TO <to>;`
    RenameTrigger {
        /// The table.
        table: Relation,
        /// The current name, unquoted.
        from: String,
        /// The new name, unquoted.
        to: String,
    },
    /// `CREATE DOMAIN …;` (and its `NOT VALID` checks), rendered by `ddl`.
    CreateDomain {
        /// The schema, unquoted.
        schema: String,
        /// The name, unquoted.
        name: String,
        /// The statement as `ddl` renders it.
        sql: String,
    },
    /// `DROP DOMAIN <schema.name>;`
    DropDomain {
        /// The schema, unquoted.
        schema: String,
        /// The name, unquoted.
        name: String,
    },
    /// `ALTER DOMAIN <schema.name> <action>;`
    AlterDomain {
        /// The schema, unquoted.
        schema: String,
        /// The name, unquoted.
        name: String,
        /// What it does.
        action: DomainAction,
    },
    /// `GRANT <privilege> ON <on> <target> TO <role> [WITH GRANT OPTION];`, or with
    /// `default_privileges`, `ALTER DEFAULT PRIVILEGES [FOR ROLE …] [IN SCHEMA …] GRANT <privilege>
    /// ON <on> TO <role> …;` (`on` is then `TABLES`, `FUNCTIONS`, …; `target` is empty).
    Grant {
        /// `TABLE`, `SEQUENCE`, `FUNCTION` or `PROCEDURE`.
        on: String,
        /// The object, as `ddl` prints it (a routine with its argument types).
        target: String,
        /// The privilege.
        privilege: crate::model::Privilege,
        /// The role, unquoted (`public` for every role).
        role: String,
        /// `WITH GRANT OPTION`.
        grantable: bool,
        /// The scope (`FOR ROLE … IN SCHEMA …`, with a leading space, or empty) of an
        /// `ALTER DEFAULT PRIVILEGES` statement.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        default_privileges: Option<String>,
    },
    /// `REVOKE [GRANT OPTION FOR] <privilege> ON <on> <target> FROM <role>;`, or its
    /// `ALTER DEFAULT PRIVILEGES` form (see [`Op::Grant`]).
    Revoke {
        /// `TABLE`, `SEQUENCE`, `FUNCTION` or `PROCEDURE`.
        on: String,
        /// The object, as `ddl` prints it.
        target: String,
        /// The privilege.
        privilege: crate::model::Privilege,
        /// The role, unquoted.
        role: String,
        /// Only the grant option, not the privilege.
        grant_option: bool,
        /// As in [`Op::Grant`].
        #[serde(default, skip_serializing_if = "Option::is_none")]
        default_privileges: Option<String>,
    },
    /// `CREATE TYPE … AS (…);`, rendered by `ddl`.
    CreateComposite {
        /// The schema, unquoted.
        schema: String,
        /// The name, unquoted.
        name: String,
        /// The statement as `ddl` renders it.
        sql: String,
    },
    /// `ALTER TYPE <schema.name> ADD | DROP | ALTER ATTRIBUTE …;`
    AlterComposite {
        /// The schema, unquoted.
        schema: String,
        /// The name, unquoted.
        name: String,
        /// What it does: `ADD ATTRIBUTE a integer`, `DROP ATTRIBUTE a`,
        /// `ALTER ATTRIBUTE a TYPE bigint`, rendered by `ddl`.
        action: String,
    },
    /// `CREATE TABLE <partition> PARTITION OF <table> <bound>;`
    CreatePartition {
        /// The partitioned table.
        table: Relation,
        /// The partition.
        partition: Relation,
        /// `FOR VALUES …` or `DEFAULT`.
        bound: String,
    },
    /// `ALTER TABLE <table> ATTACH PARTITION <partition> <bound>;`
    AttachPartition {
        /// The partitioned table.
        table: Relation,
        /// The partition.
        partition: Relation,
        /// `FOR VALUES …` or `DEFAULT`.
        bound: String,
    },
    /// `ALTER TABLE <table> DETACH PARTITION <partition>;`
    DetachPartition {
        /// The partitioned table.
        table: Relation,
        /// The partition.
        partition: Relation,
    },
    /// A statement known only by its SQL: what a planned `Statement` read back without its op
    /// carries (never planned).
    Sql {
        /// The SQL, as read.
        sql: String,
    },
}

impl Op {
    /// Why it cannot run inside a transaction block, or `None` when it can.
    pub fn not_transactional(&self) -> Option<&'static str> {
        match self {
            Op::CreateIndex {
                concurrently: true, ..
            } => Some("CREATE INDEX CONCURRENTLY cannot run inside a transaction"),
            Op::DropIndex {
                concurrently: true, ..
            } => Some("DROP INDEX CONCURRENTLY cannot run inside a transaction"),
            Op::AddEnumValue { .. } => Some(
                "a new enum label cannot be used in the transaction that adds it; run outside a transaction",
            ),
            _ => None,
        }
    }

    /// Whether it runs in a transaction of its own, committing what came before: a
    /// `VALIDATE CONSTRAINT` scans the table under SHARE UPDATE EXCLUSIVE, and must not do so
    /// while the ACCESS EXCLUSIVE lock of an `ADD … NOT VALID` earlier in the same transaction
    /// is still held.
    pub fn own_transaction(&self) -> bool {
        matches!(self, Op::ValidateConstraint { .. })
    }

    /// Whether this creates table `schema.name` (what the down plan marks as not restoring data).
    pub fn creates_table(&self, schema: &str, name: &str) -> bool {
        matches!(self, Op::CreateTable { schema: s, name: n, .. } if s == schema && n == name)
    }

    /// Whether this adds column `column` to `table`.
    pub fn adds_column(&self, table: &Relation, column: &str) -> bool {
        matches!(self, Op::AddColumn { table: t, column: c, .. } if t == table && c == column)
    }
}

mod build;
mod display;
mod domain;
pub use domain::DomainAction;
mod lock;
mod relation;
mod reverse;
pub use reverse::NoReverse;

pub use relation::{Relation, Routine};

#[cfg(test)]
mod tests;
