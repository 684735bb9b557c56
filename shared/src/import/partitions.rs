//! Declarative partitioning read from SQL: `PARTITION BY` on a table, partitions created with
//! `CREATE TABLE … PARTITION OF` or attached with `ALTER TABLE … ATTACH PARTITION` (pg_dump's
//! form), and `ALTER INDEX … ATTACH PARTITION`, which partitioning implies.

use super::raw::{show, Loc, QName, RawTable};
use super::routines::Cursor;
use super::split::{name_chain, RawStatement, TokKind};
use super::statements::Importer;
use crate::model::{Partition, PartitionStrategy, Partitioning};

impl Importer<'_> {
    /// `PARTITION BY <strategy> (<key>)` at the top level of a `CREATE TABLE`, if any.
    pub(super) fn partition_by(&self, st: &RawStatement) -> Option<Result<Partitioning, String>> {
        let toks = &st.toks;
        let mut depth = 0usize;
        for k in 0..toks.len() {
            match toks[k].kind {
                TokKind::Punct('(') => depth += 1,
                TokKind::Punct(')') => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth == 0
                && self.is_word(toks.get(k), "PARTITION")
                && self.is_word(toks.get(k + 1), "BY")
            {
                let c = Cursor {
                    text: self.text,
                    toks,
                    i: k + 3,
                    end: st.end,
                };
                let strategy = self
                    .word(toks.get(k + 2))
                    .and_then(|w| PartitionStrategy::parse(&w));
                return Some(match (strategy, c.is_punct('(')) {
                    (Some(strategy), true) => c
                        .closing(k + 3)
                        .map(|close| Partitioning {
                            strategy,
                            key: c.span(k + 4, close).trim().to_string(),
                        })
                        .map_err(|(_, m)| m),
                    _ => Err("expected RANGE, LIST or HASH and the key in parentheses".into()),
                });
            }
        }
        None
    }

    /// `CREATE TABLE <name> PARTITION OF <parent> <bound>`: a partition with the parent's
    /// columns, so statements on it (keys, indexes) still apply.
    pub(super) fn create_partition(&mut self, qn: QName, st: &RawStatement, loc: &Loc) {
        let toks = &st.toks;
        let Some(of) = (0..toks.len()).find(|&k| {
            self.is_word(toks.get(k), "PARTITION") && self.is_word(toks.get(k + 1), "OF")
        }) else {
            return;
        };
        let (parts, mut next) = name_chain(self.text, toks, of + 2);
        let parent = crate::import::raw::qname_of(&parts);
        let Some(pi) = self.table_index(&parent) else {
            self.error(
                loc,
                format!(
                    "partition {} of {}, which is not a table defined before it",
                    show(&qn),
                    show(&parent)
                ),
            );
            return;
        };
        let c = Cursor {
            text: self.text,
            toks,
            i: next,
            end: st.end,
        };
        // Constraints of the partition's own, in parentheses, are not modelled.
        if c.is_punct('(') {
            if let Ok(close) = c.closing(next) {
                self.warn(
                    loc,
                    format!(
                        "constraints declared on partition {} are not modelled",
                        show(&qn)
                    ),
                );
                next = close + 1;
            }
        }
        let Some(bound) = self.bound_from(st, next, loc, &qn) else {
            return;
        };
        let p = &self.tables[pi];
        let table = RawTable {
            grants: Vec::new(),
            qname: qn.clone(),
            columns: p.columns.clone(),
            primary_key: None,
            uniques: Vec::new(),
            checks: Vec::new(),
            foreign_keys: Vec::new(),
            indexes: Vec::new(),
            comment: None,
            row_security: Default::default(),
            policies: Vec::new(),
            triggers: Vec::new(),
            trigger_comments: Vec::new(),
            partition_by: None,
            partition_of: Some((parent, bound)),
            loc: loc.clone(),
        };
        self.add_table(table);
    }

    /// The bound text from token `from` to the end (`FOR VALUES …` or `DEFAULT`); a nested
    /// `PARTITION BY` is not modelled.
    fn bound_from(
        &mut self,
        st: &RawStatement,
        from: usize,
        loc: &Loc,
        qn: &QName,
    ) -> Option<String> {
        let toks = &st.toks;
        let c = Cursor {
            text: self.text,
            toks,
            i: from,
            end: st.end,
        };
        if !(c.is("FOR") || c.is("DEFAULT")) {
            self.error(
                loc,
                format!(
                    "expected FOR VALUES or DEFAULT after partition {}",
                    show(qn)
                ),
            );
            return None;
        }
        let mut end = toks.len();
        if let Some(k) = (from..toks.len()).find(|&k| {
            self.is_word(toks.get(k), "PARTITION") && self.is_word(toks.get(k + 1), "BY")
        }) {
            self.warn(
                loc,
                format!("sub-partitioning of {} is not modelled", show(qn)),
            );
            end = k;
        }
        Some(c.span(from, end).trim().to_string())
    }

    /// `ALTER TABLE [ONLY] <parent> ATTACH PARTITION <child> <bound>`.
    pub(super) fn attach_partition(&mut self, st: &RawStatement, loc: &Loc) {
        let toks = &st.toks;
        let Some(at) = (0..toks.len()).find(|&k| {
            self.is_word(toks.get(k), "ATTACH") && self.is_word(toks.get(k + 1), "PARTITION")
        }) else {
            return;
        };
        let mut i = 2;
        if self.is_word(toks.get(i), "IF") {
            i += 2;
        }
        if self.is_word(toks.get(i), "ONLY") {
            i += 1;
        }
        let (parts, _) = name_chain(self.text, toks, i);
        let parent = crate::import::raw::qname_of(&parts);
        let (parts, next) = name_chain(self.text, toks, at + 2);
        let child = crate::import::raw::qname_of(&parts);
        if self.table_index(&parent).is_none() {
            self.error(
                loc,
                format!("table {} is not defined before it", show(&parent)),
            );
            return;
        }
        let Some(ci) = self.table_index(&child) else {
            self.error(
                loc,
                format!(
                    "partition {} is not a table defined before it",
                    show(&child)
                ),
            );
            return;
        };
        let Some(bound) = self.bound_from(st, next, loc, &child) else {
            return;
        };
        self.tables[ci].partition_of = Some((parent, bound));
    }
}

/// The raw tables that are partitions, taken out of `tables`, as model partitions by parent.
pub(crate) fn take_partitions(tables: &mut Vec<RawTable>) -> Vec<(QName, Partition, Loc)> {
    let (partitions, rest): (Vec<RawTable>, Vec<RawTable>) = std::mem::take(tables)
        .into_iter()
        .partition(|t| t.partition_of.is_some());
    *tables = rest;
    partitions
        .into_iter()
        .filter_map(|t| {
            let (parent, bound) = t.partition_of?;
            Some((
                parent,
                Partition {
                    id: Partition::derive_id(&t.qname.schema, &t.qname.name),
                    schema: t.qname.schema,
                    name: t.qname.name,
                    bound,
                    comment: t.comment,
                },
                t.loc,
            ))
        })
        .collect()
}
