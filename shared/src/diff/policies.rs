//! Row-level security between two versions of a table: the enable/force switches, and policies
//! matched by id (then name). A policy whose command or permissiveness changes is dropped and
//! created again (`ALTER POLICY` cannot change those); roles and expressions change in place.

use std::collections::HashMap;

use super::{expression_key, match_objects, rename_identifiers, TableChange};
use crate::model::{Policy, Table};

pub(super) fn diff_policies(a: &Table, b: &Table, out: &mut Vec<TableChange>) {
    if a.row_security != b.row_security {
        out.push(TableChange::RowSecurity);
    }
    // Column renames are followed by PostgreSQL inside policy expressions: compare the old
    // expressions with the old names replaced by the new ones.
    let renamed: HashMap<String, String> = a
        .columns
        .iter()
        .filter_map(|c| {
            let new = b.column(&c.id)?;
            (new.name != c.name).then(|| (c.name.clone(), new.name.clone()))
        })
        .collect();
    let key = |e: &Option<String>, renames: &HashMap<String, String>| {
        e.as_deref()
            .map(|e| expression_key(&rename_identifiers(e, renames)))
    };
    let none = HashMap::new();
    let (pairs, dropped, added) =
        match_objects(&a.policies, &b.policies, |p| &p.id, |p| p.name.clone());
    for i in dropped {
        out.push(TableChange::DropPolicy {
            policy: a.policies[i].clone(),
        });
    }
    for (i, j) in pairs {
        let (x, y): (&Policy, &Policy) = (&a.policies[i], &b.policies[j]);
        if x.command != y.command || x.restrictive != y.restrictive {
            out.push(TableChange::DropPolicy { policy: x.clone() });
            out.push(TableChange::AddPolicy { policy: y.clone() });
            continue;
        }
        if x.name != y.name {
            out.push(TableChange::RenamePolicy {
                from: x.name.clone(),
                to: y.name.clone(),
            });
        }
        if x.roles != y.roles
            || key(&x.using, &renamed) != key(&y.using, &none)
            || key(&x.with_check, &renamed) != key(&y.with_check, &none)
        {
            out.push(TableChange::AlterPolicy {
                from: x.clone(),
                to: y.clone(),
            });
        }
    }
    for j in added {
        out.push(TableChange::AddPolicy {
            policy: b.policies[j].clone(),
        });
    }
}
