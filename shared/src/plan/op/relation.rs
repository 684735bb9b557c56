//! The relation an operation names, as data.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ddl::qualified_name;
use crate::model::Table;

/// A table or view named by its schema and name, unquoted; printed qualified and quoted as
/// `ddl` prints it (`app.t`, `"T"`, `public.` left out). Kept as data so the lock an operation
/// takes names its relation without reading the SQL back.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Relation {
    /// The schema.
    pub schema: String,
    /// The name.
    pub name: String,
}

impl Relation {
    /// `schema.name`.
    pub fn new(schema: impl Into<String>, name: impl Into<String>) -> Relation {
        Relation {
            schema: schema.into(),
            name: name.into(),
        }
    }

    /// The table's relation.
    pub fn of(table: &Table) -> Relation {
        Relation::new(&table.schema, &table.name)
    }

    /// `schema.name` unquoted, as `LockInfo::relation` names it.
    pub fn lock_name(&self) -> String {
        format!("{}.{}", self.schema, self.name)
    }
}

impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&qualified_name(&self.schema, &self.name))
    }
}

/// A function, procedure or aggregate as statements name it: `schema.name(input types)`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Routine {
    /// The schema, unquoted.
    pub schema: String,
    /// The name, unquoted.
    pub name: String,
    /// A procedure rather than a function.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub procedure: bool,
    /// An aggregate rather than a function.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub aggregate: bool,
    /// The input argument types, as `ddl` prints them, joined with `, `.
    pub arguments: String,
}

impl Routine {
    /// The routine `f` names.
    pub fn of(f: &crate::model::Function) -> Routine {
        Routine {
            schema: f.schema.clone(),
            name: f.name.clone(),
            procedure: f.kind == crate::model::RoutineKind::Procedure,
            aggregate: f.kind == crate::model::RoutineKind::Aggregate,
            arguments: f.identity_arguments(),
        }
    }

    /// `FUNCTION`, `PROCEDURE` or `AGGREGATE`.
    pub fn keyword(&self) -> &'static str {
        if self.procedure {
            "PROCEDURE"
        } else if self.aggregate {
            "AGGREGATE"
        } else {
            "FUNCTION"
        }
    }
}

impl std::fmt::Display for Routine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // `agg(*)` names an aggregate without arguments.
        let star = self.aggregate && self.arguments.is_empty();
        write!(
            f,
            "{}({})",
            crate::ddl::qualified_name(&self.schema, &self.name),
            if star { "*" } else { &self.arguments }
        )
    }
}
