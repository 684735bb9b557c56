//! [`Op`]'s SQL: its `Display`.

use super::*;

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Op::*;
        match self {
            CreateSchema {
                name,
                if_not_exists,
            } => write!(
                f,
                "CREATE SCHEMA {}{name};",
                if *if_not_exists { "IF NOT EXISTS " } else { "" }
            ),
            DropSchema { name } => write!(f, "DROP SCHEMA {name};"),
            CreateExtension {
                name,
                schema,
                version,
            } => {
                write!(f, "CREATE EXTENSION IF NOT EXISTS {name}")?;
                if let Some(s) = schema {
                    write!(f, " WITH SCHEMA {s}")?;
                }
                if let Some(v) = version {
                    write!(f, " VERSION {}", crate::naming::quote_literal(v))?;
                }
                f.write_str(";")
            }
            DropExtension { name } => write!(f, "DROP EXTENSION {name};"),
            UpdateExtension { name, version, .. } => write!(
                f,
                "ALTER EXTENSION {name} UPDATE TO {};",
                crate::naming::quote_literal(version)
            ),
            CreateEnum { sql, .. }
            | CreateTable { sql, .. }
            | CreateView { sql, .. }
            | CreateSequence { sql, .. }
            | AlterSequence { sql, .. }
            | CreatePolicy { sql, .. }
            | AlterPolicy { sql, .. }
            | CreateFunction { sql, .. }
            | CreateTrigger { sql, .. }
            | CreateDomain { sql, .. }
            | CreateComposite { sql, .. }
            | Sql { sql } => {
                f.write_str(sql)
            }
            DropType { schema, name } => write!(f, "DROP TYPE {};", qualified_name(schema, name)),
            SetRowSecurity { table, enabled } => write!(
                f,
                "ALTER TABLE {table} {} ROW LEVEL SECURITY;",
                if *enabled { "ENABLE" } else { "DISABLE" }
            ),
            SetForceRowSecurity { table, forced } => write!(
                f,
                "ALTER TABLE {table} {}FORCE ROW LEVEL SECURITY;",
                if *forced { "" } else { "NO " }
            ),
            RenamePolicy { table, from, to } => write!(
                f,
                "ALTER POLICY {} ON {table} RENAME TO {};",
                quote_ident(from),
                quote_ident(to)
            ),
            DropPolicy { table, name } => {
                write!(f, "DROP POLICY {} ON {table};", quote_ident(name))
            }
            DropFunction { routine } => write!(f, "DROP {} {routine};", routine.keyword()),
            RenameFunction { routine, to } => write!(
                f,
                "ALTER {} {routine} RENAME TO {};",
                routine.keyword(),
                quote_ident(to)
            ),
            SetFunctionSchema {
                routine,
                new_schema,
            } => write!(
                f,
                "ALTER {} {routine} SET SCHEMA {};",
                routine.keyword(),
                quote_ident(new_schema)
            ),
            AlterComposite {
                schema,
                name,
                action,
            } => write!(f, "ALTER TYPE {} {action};", qualified_name(schema, name)),
            Grant {
                on,
                privilege,
                role,
                grantable,
                default_privileges: Some(scope),
                ..
            } => write!(
                f,
                "ALTER DEFAULT PRIVILEGES{scope} GRANT {} ON {on} TO {}{};",
                privilege.sql(),
                crate::ddl::role_sql(role),
                if *grantable { " WITH GRANT OPTION" } else { "" }
            ),
            Revoke {
                on,
                privilege,
                role,
                grant_option,
                default_privileges: Some(scope),
                ..
            } => write!(
                f,
                "ALTER DEFAULT PRIVILEGES{scope} REVOKE {}{} ON {on} FROM {};",
                if *grant_option { "GRANT OPTION FOR " } else { "" },
                privilege.sql(),
                crate::ddl::role_sql(role)
            ),
            Grant {
                on,
                target,
                privilege,
                role,
                grantable,
                default_privileges: None,
            } => write!(
                f,
                "GRANT {} ON {on} {target} TO {}{};",
                privilege.sql(),
                crate::ddl::role_sql(role),
                if *grantable { " WITH GRANT OPTION" } else { "" }
            ),
            Revoke {
                on,
                target,
                privilege,
                role,
                grant_option,
                default_privileges: None,
            } => write!(
                f,
                "REVOKE {}{} ON {on} {target} FROM {};",
                if *grant_option { "GRANT OPTION FOR " } else { "" },
                privilege.sql(),
                crate::ddl::role_sql(role)
            ),
            DropDomain { schema, name } => {
                write!(f, "DROP DOMAIN {};", qualified_name(schema, name))
            }
            AlterDomain {
                schema,
                name,
                action,
            } => write!(f, "ALTER DOMAIN {} {action};", qualified_name(schema, name)),
            CreatePartition {
                table,
                partition,
                bound,
            } => write!(f, "CREATE TABLE {partition} PARTITION OF {table} {bound};"),
            AttachPartition {
                table,
                partition,
                bound,
            } => write!(f, "ALTER TABLE {table} ATTACH PARTITION {partition} {bound};"),
            DetachPartition { table, partition } => {
                write!(f, "ALTER TABLE {table} DETACH PARTITION {partition};")
            }
            DropTrigger { table, name } => {
                write!(f, "DROP TRIGGER {} ON {table};", quote_ident(name))
            }
            RenameTrigger { table, from, to } => write!(
                f,
                "ALTER TRIGGER {} ON {table} RENAME TO {};",
                quote_ident(from),
                quote_ident(to)
            ),
            DropSequence { schema, name } => {
                write!(f, "DROP SEQUENCE {};", qualified_name(schema, name))
            }
            AddEnumValue {
                type_name,
                value,
                position,
            } => {
                write!(f, "ALTER TYPE {type_name} ADD VALUE {}", quote_literal(value))?;
                match position {
                    EnumPosition::Last => {}
                    EnumPosition::Before(x) => write!(f, " BEFORE {}", quote_literal(x))?,
                    EnumPosition::After(x) => write!(f, " AFTER {}", quote_literal(x))?,
                }
                f.write_str(";")
            }
            RenameEnumValue {
                type_name,
                from,
                to,
            } => write!(
                f,
                "ALTER TYPE {type_name} RENAME VALUE {} TO {};",
                quote_literal(from),
                quote_literal(to)
            ),
            Rename {
                kind,
                schema,
                from,
                to,
            } => write!(
                f,
                "ALTER {} {} RENAME TO {};",
                kind.keyword(),
                qualified_name(schema, from),
                quote_ident(to)
            ),
            SetSchema {
                kind,
                schema,
                name,
                new_schema,
            } => write!(
                f,
                "ALTER {} {} SET SCHEMA {};",
                kind.keyword(),
                qualified_name(schema, name),
                quote_ident(new_schema)
            ),
            DropTable { schema, name } => {
                write!(f, "DROP TABLE {};", qualified_name(schema, name))
            }
            AddColumn {
                table, definition, ..
            } => write!(f, "ALTER TABLE {table} ADD COLUMN {definition};"),
            DropColumn { table, column } => {
                write!(f, "ALTER TABLE {table} DROP COLUMN {};", quote_ident(column))
            }
            RenameColumn { table, from, to } => write!(
                f,
                "ALTER TABLE {table} RENAME COLUMN {} TO {};",
                quote_ident(from),
                quote_ident(to)
            ),
            AlterColumn {
                table,
                column,
                action,
            } => write!(
                f,
                "ALTER TABLE {table} ALTER COLUMN {} {action};",
                quote_ident(column)
            ),
            AddConstraint {
                table,
                definition,
                not_valid,
                ..
            } => write!(
                f,
                "ALTER TABLE {table} ADD {definition}{};",
                if *not_valid { " NOT VALID" } else { "" }
            ),
            DropConstraint { table, name } => write!(
                f,
                "ALTER TABLE {table} DROP CONSTRAINT {};",
                quote_ident(name)
            ),
            RenameConstraint { table, from, to } => write!(
                f,
                "ALTER TABLE {table} RENAME CONSTRAINT {} TO {};",
                quote_ident(from),
                quote_ident(to)
            ),
            ValidateConstraint { table, name } => write!(
                f,
                "ALTER TABLE {table} VALIDATE CONSTRAINT {};",
                quote_ident(name)
            ),
            CreateIndex {
                concurrently, sql, ..
            } => {
                if *concurrently {
                    f.write_str(&sql.replacen("INDEX ", "INDEX CONCURRENTLY ", 1))
                } else {
                    f.write_str(sql)
                }
            }
            DropIndex {
                schema,
                name,
                concurrently,
                ..
            } => write!(
                f,
                "DROP INDEX {}{};",
                if *concurrently { "CONCURRENTLY " } else { "" },
                qualified_name(schema, name)
            ),
            Comment {
                on, target, text, ..
            } => match text {
                Some(t) => write!(f, "COMMENT ON {on} {target} IS {};", quote_literal(t)),
                None => write!(f, "COMMENT ON {on} {target} IS NULL;"),
            },
            DropView {
                schema,
                name,
                materialized,
            } => write!(
                f,
                "DROP {}VIEW {};",
                if *materialized { "MATERIALIZED " } else { "" },
                qualified_name(schema, name)
            ),
            SetCheckOption { view, option } => match option {
                Some(o) => write!(f, "ALTER VIEW {view} SET (check_option = {o});"),
                None => write!(f, "ALTER VIEW {view} RESET (check_option);"),
            },
            CreateOwnedSequence {
                sequence,
                ty,
                table,
                column,
            } => write!(
                f,
                "CREATE SEQUENCE {sequence} AS {ty} OWNED BY {table}.{};",
                quote_ident(column)
            ),
            DropOwnedSequence { table, column } => write!(
                f,
                "DO $$ DECLARE s text := pg_get_serial_sequence({}, {}); BEGIN IF s IS NOT NULL THEN EXECUTE 'DROP SEQUENCE ' || s; END IF; END $$;",
                quote_literal(&table.to_string()),
                quote_literal(column)
            ),
            SetvalPastRows {
                sequence,
                descending,
                column,
                table,
                having_past,
            } => {
                let func = if *descending { "min" } else { "max" };
                let col = quote_ident(column);
                write!(f, "SELECT setval({sequence}, {func}({col})) FROM {table}")?;
                if let Some(start) = having_past {
                    let cmp = if *descending { "<=" } else { ">=" };
                    write!(f, " HAVING {func}({col}) {cmp} {start}")?;
                }
                f.write_str(";")
            }
        }
    }
}
