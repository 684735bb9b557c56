//! `CREATE SEQUENCE`, `ALTER SEQUENCE` and `DROP SEQUENCE`: standalone sequences, and the
//! `OWNED BY` links that turn pg_dump's serial sequences back into serial columns.

use sqlparser::ast::{ObjectName, SequenceOptions as O};

use super::raw::*;
use super::split::{RawStatement, Tok, TokKind};
use super::statements::Importer;
use std::collections::HashMap;

use crate::model::{Id, IdentityOptions, Sequence, SequenceOwner, SequenceType};

impl Importer<'_> {
    /// `CREATE SEQUENCE [IF NOT EXISTS] name [options]`.
    pub(super) fn create_sequence(
        &mut self,
        name: &ObjectName,
        if_not_exists: bool,
        options: &[O],
        loc: &Loc,
    ) {
        let qname = qname(name);
        if self.sequences.iter().any(|s| s.qname == qname) {
            if !if_not_exists {
                self.error(loc, format!("sequence {} is defined twice", show(&qname)));
            }
            return;
        }
        let mut seq = RawSequence {
            grants: Vec::new(),
            qname,
            owned_by: None,
            data_type: None,
            options: IdentityOptions::default(),
            comment: None,
            loc: loc.clone(),
        };
        let mut problems = Vec::new();
        for o in options {
            match o {
                O::StartWith(e, _) => seq.options.start = number(&mut problems, e, "START WITH"),
                O::IncrementBy(e, _) => {
                    seq.options.increment = number(&mut problems, e, "INCREMENT BY")
                }
                O::Cache(e) => seq.options.cache = number(&mut problems, e, "CACHE"),
                O::MinValue(v) => {
                    seq.options.min_value = v
                        .as_ref()
                        .and_then(|e| number(&mut problems, e, "MINVALUE"))
                }
                O::MaxValue(v) => {
                    seq.options.max_value = v
                        .as_ref()
                        .and_then(|e| number(&mut problems, e, "MAXVALUE"))
                }
                O::Cycle(no) => seq.options.cycle = !*no,
                O::DataType(dt) => match SequenceType::parse(&dt.to_string()) {
                    Some(t) => seq.data_type = Some(t),
                    None => problems.push(Problem::Error(format!(
                        "sequence type {dt} is not smallint, integer or bigint"
                    ))),
                },
                O::OwnedBy(Some(target)) => {
                    let parts: Vec<String> = target.0.iter().map(fold_name_part).collect();
                    seq.owned_by = owned_target(&parts);
                }
                O::OwnedBy(None) => seq.owned_by = None,
            }
        }
        for p in problems {
            self.report(loc, p);
        }
        if !self.default_privileges.is_empty() {
            seq.grants = self.default_grants(
                crate::model::DefaultObjects::Sequences,
                &seq.qname.schema,
                std::mem::take(&mut seq.grants),
            );
        }
        self.sequences.push(seq);
    }

    /// `ALTER SEQUENCE [IF EXISTS] x` followed by options, `OWNED BY t.c | NONE`, `RENAME TO`
    /// or `SET SCHEMA`; ownership (`OWNER TO`) and persistence (`SET LOGGED`) are not modelled.
    pub(super) fn alter_sequence(&mut self, st: &RawStatement, loc: &Loc) {
        let toks = &st.toks;
        let mut i = 2;
        let if_exists = self.is_word(toks.get(i), "IF");
        if if_exists {
            i += 2;
        }
        let (seq, end) = self.name_at(toks, i);
        if seq.is_empty() {
            self.error(loc, "could not read ALTER SEQUENCE");
            return;
        }
        let seq = parts_qname(&seq);
        let Some(si) = self.sequences.iter().position(|s| s.qname == seq) else {
            if if_exists {
                self.warn(
                    loc,
                    format!("sequence {} does not exist; skipped", show(&seq)),
                );
            } else {
                self.error(
                    loc,
                    format!(
                        "sequence {}.{} is not defined in this file",
                        seq.schema, seq.name
                    ),
                );
            }
            return;
        };
        match self.alter_clauses(toks, end, si) {
            Ok(()) => {}
            Err(Skip::Unmodelled(what)) => self.warn(
                loc,
                format!("ALTER SEQUENCE ... {what} skipped: not modelled"),
            ),
            Err(Skip::Unreadable(why)) => self.error(loc, why),
        }
    }

    fn alter_clauses(&mut self, toks: &[Tok], mut i: usize, si: usize) -> Result<(), Skip> {
        while i < toks.len() {
            let w = self.word(toks.get(i)).unwrap_or_default();
            let next = self.word(toks.get(i + 1)).unwrap_or_default();
            i += 1;
            match w.as_str() {
                "OWNED" if next == "BY" => {
                    let (target, after) = self.name_at(toks, i + 1);
                    let owner = if target.len() == 1 && target[0] == "none" {
                        None
                    } else {
                        Some(owned_target(&target).ok_or_else(|| {
                            Skip::Unreadable("OWNED BY needs table.column".into())
                        })?)
                    };
                    self.sequences[si].owned_by = owner;
                    i = after;
                }
                "RENAME" if next == "TO" => {
                    let (n, after) = self.name_at(toks, i + 1);
                    let name = n.last().cloned().ok_or_else(|| unreadable("RENAME TO"))?;
                    self.sequences[si].qname.name = name;
                    i = after;
                }
                "SET" if next == "SCHEMA" => {
                    let (n, after) = self.name_at(toks, i + 1);
                    let s = n.last().cloned().ok_or_else(|| unreadable("SET SCHEMA"))?;
                    self.sequences[si].qname.schema = s;
                    i = after;
                }
                "AS" => {
                    let t = SequenceType::parse(&next).ok_or_else(|| unreadable("AS"))?;
                    self.sequences[si].data_type = Some(t);
                    i += 1;
                }
                "NO" => {
                    let o = &mut self.sequences[si].options;
                    match next.as_str() {
                        "MINVALUE" => o.min_value = None,
                        "MAXVALUE" => o.max_value = None,
                        "CYCLE" => o.cycle = false,
                        _ => return Err(unreadable("NO")),
                    }
                    i += 1;
                }
                "CYCLE" => self.sequences[si].options.cycle = true,
                "START" | "INCREMENT" | "MINVALUE" | "MAXVALUE" | "CACHE" | "RESTART" => {
                    if matches!(next.as_str(), "WITH" | "BY") {
                        i += 1;
                    }
                    let (v, after) = self.integer_at(toks, i);
                    if v.is_none() && w != "RESTART" {
                        return Err(unreadable(&w));
                    }
                    i = after;
                    let o = &mut self.sequences[si].options;
                    match w.as_str() {
                        "START" => o.start = v,
                        "INCREMENT" => o.increment = v,
                        "MINVALUE" => o.min_value = v,
                        "MAXVALUE" => o.max_value = v,
                        "CACHE" => o.cache = v,
                        // The current value is data, not design.
                        _ => {}
                    }
                }
                "OWNER" | "SET" => return Err(Skip::Unmodelled(format!("{w} {next}"))),
                _ => return Err(unreadable(&w)),
            }
        }
        Ok(())
    }

    /// An optionally signed integer at token `i`, and the index after it.
    fn integer_at(&self, toks: &[Tok], i: usize) -> (Option<i64>, usize) {
        let (neg, j) = match toks.get(i).map(|t| t.kind) {
            Some(TokKind::Punct('-')) => (true, i + 1),
            Some(TokKind::Punct('+')) => (false, i + 1),
            _ => (false, i),
        };
        match toks.get(j) {
            Some(t) if t.kind == TokKind::Num => {
                let text = self.tok_text(t);
                let v = if neg {
                    format!("-{text}").parse().ok()
                } else {
                    text.parse().ok()
                };
                (v, j + 1)
            }
            _ => (None, i),
        }
    }
}

fn number(problems: &mut Vec<Problem>, e: &sqlparser::ast::Expr, what: &str) -> Option<i64> {
    let text = e.to_string().replace(' ', "");
    let v = text.parse::<i64>().ok();
    if v.is_none() {
        problems.push(Problem::Warning(format!(
            "sequence option {what} {text} is not an integer; left out"
        )));
    }
    v
}

enum Skip {
    Unmodelled(String),
    Unreadable(String),
}

fn unreadable(what: &str) -> Skip {
    Skip::Unreadable(format!("could not read ALTER SEQUENCE ... {what}"))
}

/// The model sequence of a standalone `CREATE SEQUENCE`, its owner resolved to ids, and a
/// warning when the owning column is not defined in the file (the link is then left out).
pub(super) fn model_sequence(
    sq: &RawSequence,
    tables: &HashMap<&QName, &RawTable>,
) -> (Sequence, Option<String>) {
    let (s, n) = (sq.qname.schema.as_str(), sq.qname.name.as_str());
    let mut warning = None;
    let owned_by = sq.owned_by.as_ref().and_then(|(t, c)| {
        let found = tables
            .get(t)
            .is_some_and(|rt| rt.columns.iter().any(|x| &x.name == c));
        if !found {
            warning = Some(format!(
                "sequence {}: OWNED BY {}.{c} names no column defined in this file; left out",
                show(&sq.qname),
                show(t)
            ));
            return None;
        }
        Some(SequenceOwner {
            table: Id::for_table(&t.schema, &t.name),
            column: Id::for_column(&t.schema, &t.name, c),
        })
    });
    let seq = Sequence {
        data_type: sq.data_type.unwrap_or_default(),
        options: sq.options.clone(),
        owned_by,
        comment: sq.comment.clone(),
        grants: sq.grants.clone(),
        ..Sequence::new(s, n)
    };
    (seq, warning)
}
