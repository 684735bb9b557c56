//! [`Op::reverse`]: the operation that undoes an operation, read from its data.

use super::*;

/// Why an [`Op`] has no inverse of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoReverse {
    /// Undoing it needs what it destroyed (rows, a sequence's position, the old definition).
    LosesData,
    /// Undoing it needs the previous state, which the operation does not carry (an old type,
    /// default, comment or label position).
    NeedsPreviousState,
    /// It may have done nothing (`IF NOT EXISTS`), or what it did is not its own to undo.
    NotOwned,
    /// Only its SQL is known.
    Unknown,
}

impl NoReverse {
    /// Why, in words.
    pub fn reason(&self) -> &'static str {
        match self {
            NoReverse::LosesData => "undoing it needs the data it removed",
            NoReverse::NeedsPreviousState => "undoing it needs the previous definition",
            NoReverse::NotOwned => "it may have found the object there already",
            NoReverse::Unknown => "only its SQL is known",
        }
    }
}

impl Op {
    /// The operation that undoes this one on its own, or why there is none.
    pub fn reverse(&self) -> Result<Op, NoReverse> {
        use Op::*;
        Ok(match self {
            CreateSchema {
                name,
                if_not_exists: false,
            } => DropSchema { name: name.clone() },
            CreateSchema { .. } | CreateExtension { .. } => return Err(NoReverse::NotOwned),
            CreateEnum { schema, name, .. } => DropType {
                schema: schema.clone(),
                name: name.clone(),
            },
            RenameEnumValue {
                type_name,
                from,
                to,
            } => RenameEnumValue {
                type_name: type_name.clone(),
                from: to.clone(),
                to: from.clone(),
            },
            Rename {
                kind,
                schema,
                from,
                to,
            } => Rename {
                kind: *kind,
                schema: schema.clone(),
                from: to.clone(),
                to: from.clone(),
            },
            SetSchema {
                kind,
                schema,
                name,
                new_schema,
            } => SetSchema {
                kind: *kind,
                schema: new_schema.clone(),
                name: name.clone(),
                new_schema: schema.clone(),
            },
            CreateTable { schema, name, .. } => DropTable {
                schema: schema.clone(),
                name: name.clone(),
            },
            AddColumn { table, column, .. } => DropColumn {
                table: table.clone(),
                column: column.clone(),
            },
            RenameColumn { table, from, to } => RenameColumn {
                table: table.clone(),
                from: to.clone(),
                to: from.clone(),
            },
            AlterColumn {
                table,
                column,
                action,
            } => {
                let action = match action {
                    ColumnAction::SetNotNull { .. } => ColumnAction::DropNotNull,
                    ColumnAction::DropNotNull => ColumnAction::SetNotNull { proven: false },
                    ColumnAction::DropIdentity | ColumnAction::DropExpression => {
                        return Err(NoReverse::LosesData)
                    }
                    _ => return Err(NoReverse::NeedsPreviousState),
                };
                AlterColumn {
                    table: table.clone(),
                    column: column.clone(),
                    action,
                }
            }
            // `ADD PRIMARY KEY` also sets its columns NOT NULL, which `DROP CONSTRAINT` keeps: the
            // planner sets them NOT NULL before (a statement of its own, with its own reverse).
            AddConstraint { table, name, .. } => DropConstraint {
                table: table.clone(),
                name: name.clone(),
            },
            RenameConstraint { table, from, to } => RenameConstraint {
                table: table.clone(),
                from: to.clone(),
                to: from.clone(),
            },
            CreateIndex {
                table,
                schema,
                name,
                concurrently,
                ..
            } => DropIndex {
                table: table.clone(),
                schema: schema.clone(),
                name: name.clone(),
                concurrently: *concurrently,
            },
            CreateView {
                schema,
                name,
                materialized,
                ..
            } => DropView {
                schema: schema.clone(),
                name: name.clone(),
                materialized: *materialized,
            },
            CreateSequence { schema, name, .. } => DropSequence {
                schema: schema.clone(),
                name: name.clone(),
            },
            DropSequence { .. } => return Err(NoReverse::LosesData),
            SetRowSecurity { table, enabled } => SetRowSecurity {
                table: table.clone(),
                enabled: !enabled,
            },
            SetForceRowSecurity { table, forced } => SetForceRowSecurity {
                table: table.clone(),
                forced: !forced,
            },
            CreatePolicy { table, name, .. } => DropPolicy {
                table: table.clone(),
                name: name.clone(),
            },
            RenamePolicy { table, from, to } => RenamePolicy {
                table: table.clone(),
                from: to.clone(),
                to: from.clone(),
            },
            AlterPolicy { .. } | DropPolicy { .. } => return Err(NoReverse::NeedsPreviousState),
            UpdateExtension {
                name,
                version,
                from_version: Some(old),
            } => UpdateExtension {
                name: name.clone(),
                version: old.clone(),
                from_version: Some(version.clone()),
            },
            UpdateExtension { .. } => return Err(NoReverse::NeedsPreviousState),
            AlterSequence { .. } => return Err(NoReverse::NeedsPreviousState),
            DropSchema { .. }
            | DropExtension { .. }
            | DropType { .. }
            | DropTable { .. }
            | DropColumn { .. }
            | DropOwnedSequence { .. } => return Err(NoReverse::LosesData),
            AddEnumValue { .. }
            | DropConstraint { .. }
            | ValidateConstraint { .. }
            | DropIndex { .. }
            | Comment { .. }
            | DropView { .. }
            | SetCheckOption { .. }
            | CreateOwnedSequence { .. }
            | SetvalPastRows { .. } => return Err(NoReverse::NeedsPreviousState),
            CreateFunction {
                routine,
                replace: false,
                ..
            } => DropFunction {
                routine: routine.clone(),
            },
            CreateFunction { .. } | DropFunction { .. } | DropTrigger { .. } => {
                return Err(NoReverse::NeedsPreviousState)
            }
            RenameFunction { routine, to } => RenameFunction {
                routine: Routine {
                    name: to.clone(),
                    ..routine.clone()
                },
                to: routine.name.clone(),
            },
            SetFunctionSchema {
                routine,
                new_schema,
            } => SetFunctionSchema {
                routine: Routine {
                    schema: new_schema.clone(),
                    ..routine.clone()
                },
                new_schema: routine.schema.clone(),
            },
            CreateTrigger { table, name, .. } => DropTrigger {
                table: table.clone(),
                name: name.clone(),
            },
            RenameTrigger { table, from, to } => RenameTrigger {
                table: table.clone(),
                from: to.clone(),
                to: from.clone(),
            },
            CreateDomain { schema, name, .. } => DropDomain {
                schema: schema.clone(),
                name: name.clone(),
            },
            DropDomain { .. } | AlterComposite { .. } => return Err(NoReverse::NeedsPreviousState),
            CreateComposite { schema, name, .. } => DropType {
                schema: schema.clone(),
                name: name.clone(),
            },
            AlterDomain {
                schema,
                name,
                action,
            } => AlterDomain {
                schema: schema.clone(),
                name: name.clone(),
                action: action.reverse().ok_or(NoReverse::NeedsPreviousState)?,
            },
            CreatePartition { partition, .. } => DropTable {
                schema: partition.schema.clone(),
                name: partition.name.clone(),
            },
            // Detaching keeps the indexes and constraints attaching gave the table: not an exact
            // undo.
            AttachPartition { .. } | DetachPartition { .. } => {
                return Err(NoReverse::NeedsPreviousState)
            }
            // Undoes a grant of a privilege the role did not hold (what the planner grants).
            Grant {
                on,
                target,
                privilege,
                role,
                default_privileges,
                ..
            } => Revoke {
                on: on.clone(),
                target: target.clone(),
                privilege: *privilege,
                role: role.clone(),
                grant_option: false,
                default_privileges: default_privileges.clone(),
            },
            Revoke {
                on,
                target,
                privilege,
                role,
                grant_option,
                default_privileges,
            } => Grant {
                on: on.clone(),
                target: target.clone(),
                privilege: *privilege,
                role: role.clone(),
                grantable: *grant_option,
                default_privileges: default_privileges.clone(),
            },
            Sql { .. } => return Err(NoReverse::Unknown),
        })
    }
}
