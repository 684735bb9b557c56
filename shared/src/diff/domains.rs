//! Domains (matched by id, then by qualified name; their checks by id, then name) and a
//! table's partitioning (partitions matched by id, then qualified name).

use serde::{Deserialize, Serialize};

use super::{expression_key, match_objects, Change};
use crate::model::{DomainCheck, Schema};

/// What about a domain changed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DomainChanges {
    /// The name.
    pub renamed: bool,
    /// The schema.
    pub moved: bool,
    /// The base type or collation, which `ALTER DOMAIN` cannot change.
    pub base: bool,
    /// The default.
    pub default: bool,
    /// `NOT NULL`.
    pub not_null: bool,
    /// Checks to drop (removed, or changed and added again).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dropped_checks: Vec<DomainCheck>,
    /// Checks to add.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub added_checks: Vec<DomainCheck>,
    /// Checks renamed: (old name, new name).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub renamed_checks: Vec<(String, String)>,
    /// `NOT VALID` checks now validated, by (new) name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub validated_checks: Vec<String>,
    /// The comment.
    pub comment: bool,
}

impl DomainChanges {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        *self == DomainChanges::default()
    }
}

pub(super) fn diff_domains(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    let (pairs, dropped, added) = match_objects(
        &from.domains,
        &to.domains,
        |d| &d.id,
        |d| format!("{}.{}", d.schema, d.name),
    );
    for j in added {
        changes.push(Change::AddDomain {
            to: to.domains[j].clone(),
        });
    }
    for (i, j) in pairs {
        let (a, b) = (&from.domains[i], &to.domains[j]);
        let mut c = DomainChanges {
            renamed: a.name != b.name,
            moved: a.schema != b.schema,
            base: a.base != b.base || a.collation != b.collation,
            default: a.default.as_deref().map(expression_key)
                != b.default.as_deref().map(expression_key),
            not_null: a.not_null != b.not_null,
            comment: a.comment != b.comment,
            ..DomainChanges::default()
        };
        let (checks, gone, new) =
            match_objects(&a.checks, &b.checks, |k| &k.id, |k| k.name.clone());
        c.dropped_checks
            .extend(gone.into_iter().map(|k| a.checks[k].clone()));
        for (x, y) in checks {
            let (x, y) = (&a.checks[x], &b.checks[y]);
            if expression_key(&x.expression) != expression_key(&y.expression)
                || (!x.not_valid && y.not_valid)
            {
                c.dropped_checks.push(x.clone());
                c.added_checks.push(y.clone());
                continue;
            }
            if x.name != y.name {
                c.renamed_checks.push((x.name.clone(), y.name.clone()));
            }
            if x.not_valid && !y.not_valid {
                c.validated_checks.push(y.name.clone());
            }
        }
        c.added_checks
            .extend(new.into_iter().map(|k| b.checks[k].clone()));
        if !c.is_empty() {
            changes.push(Change::ModifyDomain {
                from: a.clone(),
                to: b.clone(),
                changes: c,
            });
        }
    }
    for i in dropped {
        changes.push(Change::DropDomain {
            from: from.domains[i].clone(),
        });
    }
}

/// The comparison key of a column type naming a domain or composite type of `schema` that
/// `other` also holds (by id): a renamed or moved type is still the column's type.
pub(super) fn domain_key(schema: &Schema, other: &Schema, name: &str) -> Option<String> {
    let parts = crate::sql::lexical::split_qualified_name(name)?;
    let (s, n) = match parts.as_slice() {
        [n] => (crate::model::DEFAULT_SCHEMA, n.as_str()),
        [s, n] => (s.as_str(), n.as_str()),
        _ => return None,
    };
    let d = schema
        .domains
        .iter()
        .find(|d| d.schema == s && d.name == n)?;
    other
        .domains
        .iter()
        .any(|o| o.id == d.id)
        .then(|| format!("domain#{}", d.id))
}

/// The partitioning changes of table `a` → `b`.
pub(super) fn diff_partitions(
    a: &crate::model::Table,
    b: &crate::model::Table,
    out: &mut Vec<super::TableChange>,
) {
    use super::TableChange;
    if a.partition_by != b.partition_by {
        out.push(TableChange::Repartition);
    }
    let (pairs, dropped, added) = match_objects(
        &a.partitions,
        &b.partitions,
        |p| &p.id,
        |p| format!("{}.{}", p.schema, p.name),
    );
    for i in dropped {
        out.push(TableChange::DropPartition {
            partition: a.partitions[i].clone(),
        });
    }
    for (i, j) in pairs {
        let (x, y) = (&a.partitions[i], &b.partitions[j]);
        if x.bound_key() != y.bound_key() || x.name != y.name || x.schema != y.schema {
            out.push(TableChange::RebindPartition {
                from: x.clone(),
                to: y.clone(),
            });
        } else if x.comment != y.comment {
            out.push(TableChange::PartitionComment {
                partition: y.clone(),
            });
        }
    }
    for j in added {
        out.push(TableChange::AddPartition {
            partition: b.partitions[j].clone(),
        });
    }
}

/// Composite types: matched by id, then by qualified name.
pub(super) fn diff_composites(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    let (pairs, dropped, added) = match_objects(
        &from.composites,
        &to.composites,
        |c| &c.id,
        |c| format!("{}.{}", c.schema, c.name),
    );
    for j in added {
        changes.push(Change::AddComposite {
            to: to.composites[j].clone(),
        });
    }
    for (i, j) in pairs {
        let (a, b) = (&from.composites[i], &to.composites[j]);
        let key = |c: &crate::model::CompositeType,
                   s: &Schema|
         -> Vec<(String, String, Option<String>)> {
            c.attributes
                .iter()
                .map(|x| {
                    (
                        x.name.clone(),
                        crate::ddl::column_type_sql(s, &x.ty),
                        x.collation.clone(),
                    )
                })
                .collect()
        };
        if a.name != b.name
            || a.schema != b.schema
            || a.comment != b.comment
            || key(a, from) != key(b, to)
        {
            changes.push(Change::ModifyComposite {
                from: a.clone(),
                to: b.clone(),
            });
        }
    }
    for i in dropped {
        changes.push(Change::DropComposite {
            from: from.composites[i].clone(),
        });
    }
}
