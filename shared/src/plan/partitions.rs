//! Partitions in a plan. A new partition is created `PARTITION OF` its table once the table's
//! columns are in place (it gets the parent's keys, indexes and foreign keys from PostgreSQL). A
//! partition that leaves its table while a table of its name stays is detached (its rows kept);
//! a table that becomes a partition is attached; any other removed partition is dropped with its
//! rows. A changed bound is a detach and an attach (which scans the partition).
//! `PARTITION BY` itself cannot be altered: such a change plans nothing (see the module note).

use super::op::{Op, Relation};
use super::statement::{hazard, locked, stmt, HazardKind};
use super::Phases;
use crate::diff::TableChange;
use crate::model::{Partition, Schema, Table};

fn rel(p: &Partition) -> Relation {
    Relation::new(&p.schema, &p.name)
}

fn has_table(s: &Schema, schema: &str, name: &str) -> bool {
    s.tables
        .iter()
        .any(|t| t.schema == schema && t.name == name)
}

fn partition_of<'a>(s: &'a Schema, schema: &str, name: &str) -> Option<&'a Table> {
    s.tables.iter().find(|t| {
        t.partitions
            .iter()
            .any(|p| p.schema == schema && p.name == name)
    })
}

/// Whether table `schema.name`, new in `to`, is a partition of `from` detached by this plan.
pub(super) fn detached(from: &Schema, to: &Schema, schema: &str, name: &str) -> bool {
    partition_of(from, schema, name).is_some()
        && partition_of(to, schema, name).is_none()
        && has_table(to, schema, name)
}

/// Whether table `schema.name`, gone from `to`, becomes a partition in this plan.
pub(super) fn attached(from: &Schema, to: &Schema, schema: &str, name: &str) -> bool {
    partition_of(to, schema, name).is_some()
        && partition_of(from, schema, name).is_none()
        && has_table(from, schema, name)
}

fn comment(p: &Partition) -> Op {
    Op::Comment {
        on: "TABLE".into(),
        target: crate::ddl::qualified_name(&p.schema, &p.name),
        text: p.comment.clone(),
        table: None,
    }
}

/// A new table's partitions, after it.
pub(super) fn add_table_partitions(p: &mut Phases, t: &Table, source: &str) {
    for part in &t.partitions {
        p.tables.push(stmt(
            Op::CreatePartition {
                table: Relation::of(t),
                partition: rel(part),
                bound: part.bound.trim().to_string(),
            },
            source,
        ));
        if part.comment.is_some() {
            p.comments.push(stmt(comment(part), source));
        }
    }
}

/// The partition changes of an existing table `a` → `b`.
pub(super) fn plan_partitions(
    p: &mut Phases,
    from: &Schema,
    to: &Schema,
    a: &Table,
    b: &Table,
    changes: &[TableChange],
    source: &str,
) {
    for c in changes {
        match c {
            TableChange::DropPartition { partition } => {
                if has_table(to, &partition.schema, &partition.name) {
                    p.drop_constraints.push(locked(stmt(
                        Op::DetachPartition {
                            table: Relation::of(a),
                            partition: rel(partition),
                        },
                        source,
                    )));
                } else {
                    p.drop_tables.push(hazard(
                        locked(stmt(
                            Op::DropTable {
                                schema: partition.schema.clone(),
                                name: partition.name.clone(),
                            },
                            source,
                        )),
                        HazardKind::DeletesData,
                        format!("drops partition {} and all its rows", partition.name),
                    ));
                }
            }
            TableChange::AddPartition { partition } => {
                let op = if has_table(from, &partition.schema, &partition.name) {
                    Op::AttachPartition {
                        table: Relation::of(b),
                        partition: rel(partition),
                        bound: partition.bound.trim().to_string(),
                    }
                } else {
                    Op::CreatePartition {
                        table: Relation::of(b),
                        partition: rel(partition),
                        bound: partition.bound.trim().to_string(),
                    }
                };
                p.add_constraints.push(locked(stmt(op, source)));
                if partition.comment.is_some() {
                    p.comments.push(stmt(comment(partition), source));
                }
            }
            TableChange::RebindPartition { from: x, to: y } => {
                p.drop_constraints.push(locked(stmt(
                    Op::DetachPartition {
                        table: Relation::of(a),
                        partition: rel(x),
                    },
                    source,
                )));
                if x.schema != y.schema {
                    p.rename_tables.push(stmt(
                        Op::SetSchema {
                            kind: super::op::ObjectKind::Table,
                            schema: x.schema.clone(),
                            name: x.name.clone(),
                            new_schema: y.schema.clone(),
                        },
                        source,
                    ));
                }
                if x.name != y.name {
                    p.rename_tables.push(stmt(
                        Op::Rename {
                            kind: super::op::ObjectKind::Table,
                            schema: y.schema.clone(),
                            from: x.name.clone(),
                            to: y.name.clone(),
                        },
                        source,
                    ));
                }
                p.add_constraints.push(locked(stmt(
                    Op::AttachPartition {
                        table: Relation::of(b),
                        partition: rel(y),
                        bound: y.bound.trim().to_string(),
                    },
                    source,
                )));
                if x.comment != y.comment {
                    p.comments.push(stmt(comment(y), source));
                }
            }
            TableChange::PartitionComment { partition } => {
                p.comments.push(stmt(comment(partition), source))
            }
            _ => {}
        }
    }
}
