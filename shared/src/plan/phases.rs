//! The phases a plan's statements are collected in, and the order they run in (see the
//! module documentation of `plan` for why).

use super::statement::{Plan, Statement};

/// Statements by phase; [`Phases::into_plan`] concatenates them in execution order.
#[derive(Default)]
pub(super) struct Phases {
    pub(super) drop_views: Vec<Statement>,
    /// Triggers dropped (or dropped to be created again): before their columns and functions
    /// change.
    pub(super) drop_triggers: Vec<Statement>,
    /// Routines whose signature changes: dropped once their triggers are gone.
    pub(super) drop_functions_early: Vec<Statement>,
    pub(super) drop_fks: Vec<Statement>,
    pub(super) drop_constraints: Vec<Statement>,
    /// Tables dropped whose name a renamed or moved table takes: dropped before the rename.
    pub(super) drop_tables_early: Vec<Statement>,
    pub(super) schemas: Vec<Statement>,
    pub(super) enums: Vec<Statement>,
    /// Domains created: after the enums they may be over, before routines and tables.
    pub(super) domains: Vec<Statement>,
    /// Sequences created or altered: before the tables whose defaults use them.
    pub(super) sequences: Vec<Statement>,
    /// Routines created or replaced before the tables, whose defaults and checks may call them.
    pub(super) functions: Vec<Statement>,
    /// Table renames and moves, and constraint and index renames: before creates, so a new
    /// table (and its constraints) can take a name being freed.
    pub(super) rename_tables: Vec<Statement>,
    pub(super) tables: Vec<Statement>,
    pub(super) columns: Vec<Statement>,
    pub(super) add_constraints: Vec<Statement>,
    pub(super) add_fks: Vec<Statement>,
    /// Routines whose SQL body or signature reads a table (not a view): before the views,
    /// which may call them.
    pub(super) table_functions: Vec<Statement>,
    /// `ALTER SEQUENCE ... OWNED BY`: once the owning columns exist, before columns are dropped.
    pub(super) sequence_owners: Vec<Statement>,
    pub(super) views: Vec<Statement>,
    /// Routines whose SQL body or signature reads a view: once the views exist.
    pub(super) late_functions: Vec<Statement>,
    /// Policies created or altered and row-level security switched on: after the columns and
    /// views they read.
    pub(super) policies: Vec<Statement>,
    /// Triggers created: once their function and columns exist.
    pub(super) triggers: Vec<Statement>,
    pub(super) comments: Vec<Statement>,
    pub(super) drop_columns: Vec<Statement>,
    /// Views that expand `*` over a table losing columns: created once they are dropped.
    pub(super) late_views: Vec<Statement>,
    pub(super) drop_tables: Vec<Statement>,
    /// Routines dropped: after the tables and triggers that used them.
    pub(super) drop_functions: Vec<Statement>,
    /// Domains dropped: after the tables and routines that used them, before their enums.
    pub(super) drop_domains: Vec<Statement>,
    /// After the tables and defaults that use them.
    pub(super) drop_sequences: Vec<Statement>,
    pub(super) drop_enums: Vec<Statement>,
    pub(super) drop_schemas: Vec<Statement>,
}

/// Whether `s` creates (`true`) or drops (`false`) an aggregate.
fn aggregate_op(s: &Statement) -> Option<bool> {
    match &s.op {
        super::Op::CreateFunction { routine, .. } if routine.aggregate => Some(true),
        super::Op::DropFunction { routine } if routine.aggregate => Some(false),
        _ => None,
    }
}

impl Phases {
    /// The phases in the order they run.
    pub(super) fn into_plan(mut self) -> Plan {
        // An aggregate is created after, and dropped before, the routines it calls, which are
        // created and dropped in the same phase (see `ddl::FunctionStage`).
        for list in [
            &mut self.functions,
            &mut self.table_functions,
            &mut self.late_functions,
        ] {
            list.sort_by_key(|s| aggregate_op(s) == Some(true));
        }
        for list in [&mut self.drop_functions_early, &mut self.drop_functions] {
            list.sort_by_key(|s| aggregate_op(s) != Some(false));
        }
        let Phases {
            drop_views,
            drop_triggers,
            drop_functions_early,
            drop_fks,
            drop_constraints,
            drop_tables_early,
            schemas,
            enums,
            domains,
            sequences,
            functions,
            rename_tables,
            tables,
            columns,
            add_constraints,
            add_fks,
            table_functions,
            sequence_owners,
            views,
            late_functions,
            policies,
            triggers,
            comments,
            drop_columns,
            late_views,
            drop_tables,
            drop_functions,
            drop_domains,
            drop_sequences,
            drop_enums,
            drop_schemas,
        } = self;
        let statements = [
            drop_views,
            drop_triggers,
            drop_functions_early,
            drop_fks,
            drop_constraints,
            drop_tables_early,
            schemas,
            enums,
            domains,
            rename_tables,
            sequences,
            functions,
            tables,
            columns,
            add_constraints,
            add_fks,
            table_functions,
            sequence_owners,
            views,
            late_functions,
            policies,
            triggers,
            comments,
            drop_columns,
            late_views,
            drop_tables,
            drop_functions,
            drop_domains,
            drop_sequences,
            drop_enums,
            drop_schemas,
        ]
        .into_iter()
        .flatten()
        .collect();
        Plan { statements }
    }
}
