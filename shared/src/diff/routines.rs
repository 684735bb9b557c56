//! Functions, procedures and triggers between two versions.
//!
//! Routines are matched by id, then by signature (`schema.name(types)`). A change PostgreSQL
//! accepts in `CREATE OR REPLACE` (body, attributes, settings, new defaults) is a redefinition;
//! anything else (argument types or names, result type, kind, a default removed) means drop and
//! create, which the planner surrounds with its dependent triggers. Triggers are matched per table
//! by id, then name; `ALTER TRIGGER` can only rename, so any other change re-creates one.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{expression_key, match_objects, rename_identifiers, Change, TableChange};
use crate::model::{Function, Schema, Table, Trigger};

/// What about a routine changed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunctionChanges {
    /// The name.
    pub renamed: bool,
    /// The schema.
    pub moved: bool,
    /// Body, language or attributes: `CREATE OR REPLACE`.
    pub redefined: bool,
    /// The signature in a way `CREATE OR REPLACE` refuses: drop and create.
    pub recreated: bool,
    /// The comment.
    pub comment: bool,
    /// Privileges granted or revoked.
    #[serde(default)]
    pub grants: bool,
}

impl FunctionChanges {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        *self == FunctionChanges::default()
    }
}

/// Everything but identity, name, schema and comment, with argument defaults compared as
/// expressions.
fn definition_key(f: &Function) -> Function {
    let mut k = f.clone();
    k.id = crate::model::Id::new("");
    k.name.clear();
    k.schema.clear();
    k.comment = None;
    k.grants.clear();
    for a in &mut k.arguments {
        a.default = a.default.as_deref().map(expression_key);
    }
    k
}

pub(super) fn diff_functions(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    let signature = |f: &Function| format!("{}.{}({})", f.schema, f.name, f.identity_arguments());
    let (pairs, dropped, added) =
        match_objects(&from.functions, &to.functions, |f| &f.id, signature);
    for i in dropped {
        changes.push(Change::DropFunction {
            from: from.functions[i].clone(),
        });
    }
    for (i, j) in pairs {
        let (a, b) = (&from.functions[i], &to.functions[j]);
        let same_definition = definition_key(a) == definition_key(b);
        let recreated = !same_definition && !a.replaceable_by(b);
        let c = FunctionChanges {
            renamed: a.name != b.name,
            moved: a.schema != b.schema,
            redefined: !same_definition && !recreated,
            recreated,
            comment: a.comment != b.comment,
            grants: a.grants != b.grants,
        };
        if !c.is_empty() {
            changes.push(Change::ModifyFunction {
                from: a.clone(),
                to: b.clone(),
                changes: c,
            });
        }
    }
    for j in added {
        changes.push(Change::AddFunction {
            to: to.functions[j].clone(),
        });
    }
}

/// The trigger changes of table `a` → `b`; `renamed` maps old column names to new ones.
pub(super) fn diff_triggers(
    a: &Table,
    b: &Table,
    renamed: &HashMap<String, String>,
    out: &mut Vec<TableChange>,
) {
    let none = HashMap::new();
    // `UPDATE OF` columns by name (after the renames): the two sides' column ids need not agree
    // when columns were matched by name.
    let key = |t: &Trigger, table: &Table, renames: &HashMap<String, String>| {
        let mut k = t.clone();
        k.id = crate::model::Id::new("");
        k.name.clear();
        k.comment = None;
        k.when = t
            .when
            .as_deref()
            .map(|w| expression_key(&rename_identifiers(w, renames)));
        k.update_of = t
            .update_of
            .iter()
            .map(|id| {
                let name = table.column(id).map_or(id.0.as_str(), |c| c.name.as_str());
                crate::model::Id::new(renames.get(name).map_or(name, String::as_str))
            })
            .collect();
        k
    };
    let (pairs, dropped, added) =
        match_objects(&a.triggers, &b.triggers, |t| &t.id, |t| t.name.clone());
    for i in dropped {
        out.push(TableChange::DropTrigger {
            trigger: a.triggers[i].clone(),
        });
    }
    for (i, j) in pairs {
        let (x, y) = (&a.triggers[i], &b.triggers[j]);
        let redefined = key(x, a, renamed) != key(y, b, &none);
        if redefined {
            out.push(TableChange::DropTrigger { trigger: x.clone() });
            out.push(TableChange::AddTrigger { trigger: y.clone() });
            continue;
        }
        if x.name != y.name {
            out.push(TableChange::RenameTrigger {
                from: x.name.clone(),
                to: y.name.clone(),
            });
        }
        if x.comment != y.comment {
            out.push(TableChange::TriggerComment { trigger: y.clone() });
        }
    }
    for j in added {
        out.push(TableChange::AddTrigger {
            trigger: b.triggers[j].clone(),
        });
    }
}
