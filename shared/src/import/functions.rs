//! Functions, procedures and triggers applied to the importer's state, and their comments.

use super::aggregates::read_routine;
use super::raw::{show, Loc, QName};
use super::routines::{is_unsupported, read_trigger, string_value};
use super::split::{name_chain, RawStatement, TokKind};
use super::statements::Importer;
use crate::model::DEFAULT_SCHEMA;
use crate::normalize::canonical_arg_type;

impl<'a> Importer<'a> {
    /// `CREATE [OR REPLACE] FUNCTION|PROCEDURE`: a later definition of the same signature
    /// replaces an earlier one, as in the database.
    pub(super) fn create_function(&mut self, st: &RawStatement, loc: &Loc) {
        match read_routine(self.text, &st.toks, st.end) {
            Ok((f, warnings)) => {
                for w in warnings {
                    self.warn(loc, format!("{}: {w}", f.name));
                }
                let qn = QName {
                    schema: f.schema.clone(),
                    name: f.name.clone(),
                };
                let same = self
                    .routines_named(&qn, Some(&input_types(&f)))
                    .first()
                    .copied();
                match same {
                    Some(i) => {
                        let comment = self.routines[i].comment.take();
                        self.routines[i] = f;
                        self.routines[i].comment = comment;
                    }
                    None => {
                        let mut f = f;
                        if !self.default_privileges.is_empty() {
                            f.grants = self.default_grants(
                                crate::model::DefaultObjects::Functions,
                                &f.schema,
                                std::mem::take(&mut f.grants),
                            );
                        }
                        self.routines.push(f)
                    }
                }
            }
            Err((offset, message)) => {
                self.record_function(st);
                let at = Loc {
                    offset: offset.max(st.start),
                    kind: loc.kind.clone(),
                };
                if is_unsupported(&message) {
                    self.warn(&at, format!("skipped: {message}"));
                } else {
                    self.error(&at, message);
                }
            }
        }
    }

    /// `CREATE [OR REPLACE] TRIGGER` on a table defined before it.
    pub(super) fn create_trigger(&mut self, st: &RawStatement, loc: &Loc) {
        let raw = match read_trigger(self.text, &st.toks, st.end) {
            Ok(t) => t,
            Err((offset, message)) => {
                let at = Loc {
                    offset: offset.max(st.start),
                    kind: loc.kind.clone(),
                };
                if is_unsupported(&message) {
                    self.warn(&at, format!("skipped: {message}"));
                } else {
                    self.error(&at, message);
                }
                return;
            }
        };
        let qn = QName {
            schema: raw.table.0.clone(),
            name: raw.table.1.clone(),
        };
        let Some(ti) = self.table_index(&qn) else {
            let is_view = self.views.iter().any(|v| v.qname == qn);
            if is_view {
                self.warn(
                    loc,
                    format!(
                        "skipped: triggers on views ({}) are not modelled",
                        show(&qn)
                    ),
                );
            } else {
                self.error(
                    loc,
                    format!(
                        "trigger {} on {}, which is not a table defined before it",
                        raw.name,
                        show(&qn)
                    ),
                );
            }
            return;
        };
        let or_replace = self.is_word(st.toks.get(1), "OR");
        let table = &mut self.tables[ti];
        match table.triggers.iter().position(|(t, _)| t.name == raw.name) {
            Some(i) if or_replace => table.triggers[i] = (raw, loc.clone()),
            Some(_) => {
                let name = raw.name.clone();
                self.error(
                    loc,
                    format!("trigger {name} is defined twice on {}", show(&qn)),
                );
            }
            None => table.triggers.push((raw, loc.clone())),
        }
    }

    /// `COMMENT ON FUNCTION|PROCEDURE|ROUTINE|AGGREGATE name(args) IS …` and `COMMENT ON TRIGGER name ON
    /// table IS …`. Returns false when the statement is not one of these.
    pub(super) fn routine_comment(&mut self, st: &RawStatement, loc: &Loc) -> bool {
        let toks = &st.toks;
        let kind = self.word(toks.get(2)).unwrap_or_default();
        if !matches!(
            kind.as_str(),
            "FUNCTION" | "PROCEDURE" | "ROUTINE" | "AGGREGATE" | "TRIGGER" | "DOMAIN"
        ) {
            return false;
        }
        let (parts, mut i) = name_chain(self.text, toks, 3);
        let qn = match parts.as_slice() {
            [n] => QName {
                schema: DEFAULT_SCHEMA.into(),
                name: n.clone(),
            },
            [.., s, n] => QName {
                schema: s.clone(),
                name: n.clone(),
            },
            [] => {
                self.error(loc, "expected a name");
                return true;
            }
        };
        let mut args: Option<Vec<String>> = None;
        if kind != "TRIGGER" && toks.get(i).map(|t| t.kind) == Some(TokKind::Punct('(')) {
            let mut depth = 0usize;
            let (mut groups, mut start) = (Vec::new(), i + 1);
            while let Some(t) = toks.get(i) {
                match t.kind {
                    TokKind::Punct('(') => depth += 1,
                    TokKind::Punct(')') => {
                        depth -= 1;
                        if depth == 0 {
                            if start < i {
                                groups.push((start, i));
                            }
                            i += 1;
                            break;
                        }
                    }
                    TokKind::Punct(',') if depth == 1 => {
                        groups.push((start, i));
                        start = i + 1;
                    }
                    _ => {}
                }
                i += 1;
            }
            // Each argument's type: the text without a leading mode and name.
            let types = groups
                .into_iter()
                .filter_map(|(a, b)| {
                    let text = self.text.get(toks[a].start..toks[b - 1].end)?;
                    // `agg(*)`: an aggregate without arguments.
                    if text.trim() == "*" {
                        return None;
                    }
                    let arg = super::routines::argument_of(text)?;
                    arg.mode.is_input().then(|| canonical_arg_type(&arg.ty))
                })
                .collect();
            args = Some(types);
        }
        let mut table = None;
        if kind == "TRIGGER" {
            if !self.is_word(toks.get(i), "ON") {
                self.error(loc, "expected ON and the trigger's table");
                return true;
            }
            let (parts, next) = name_chain(self.text, toks, i + 1);
            table = Some(match parts.as_slice() {
                [n] => QName {
                    schema: DEFAULT_SCHEMA.into(),
                    name: n.clone(),
                },
                [.., s, n] => QName {
                    schema: s.clone(),
                    name: n.clone(),
                },
                [] => {
                    self.error(loc, "expected the trigger's table");
                    return true;
                }
            });
            i = next;
        }
        if !self.is_word(toks.get(i), "IS") {
            self.error(loc, "expected IS and the comment");
            return true;
        }
        let comment = match toks.get(i + 1) {
            Some(t) if t.kind == TokKind::Str => string_value(self.tok_text(t)),
            Some(t) if self.is_word(Some(t), "NULL") => None,
            _ => {
                self.error(loc, "expected a string after IS");
                return true;
            }
        };
        if kind == "DOMAIN" {
            match self.domains.iter_mut().find(|d| d.qname == qn) {
                Some(d) => d.comment = comment,
                None => self.warn(
                    loc,
                    format!("domain {} is not defined before it; skipped", show(&qn)),
                ),
            }
            return true;
        }
        if let Some(tq) = table {
            let Some(ti) = self.table_index(&tq) else {
                self.warn(loc, format!("table {} does not exist; skipped", show(&tq)));
                return true;
            };
            match self.tables[ti]
                .trigger_comments
                .iter_mut()
                .find(|(n, _)| *n == qn.name)
            {
                Some(slot) => slot.1 = comment,
                None => self.tables[ti]
                    .trigger_comments
                    .push((qn.name.clone(), comment)),
            }
            return true;
        }
        let found = self.routines_named(&qn, args.as_deref());
        match found.as_slice() {
            [one] => self.routines[*one].comment = comment,
            [] => self.warn(
                loc,
                format!(
                    "{} {} is not defined before it; skipped",
                    kind.to_lowercase(),
                    show(&qn)
                ),
            ),
            _ => self.error(
                loc,
                format!("{} is overloaded: name its argument types", show(&qn)),
            ),
        }
        true
    }
}

/// A routine's input argument types, canonical: what tells overloads apart.
pub(super) fn input_types(f: &crate::model::Function) -> Vec<String> {
    f.arguments
        .iter()
        .filter(|a| a.mode.is_input())
        .map(|a| canonical_arg_type(&a.ty))
        .collect()
}

impl Importer<'_> {
    /// The routines read so far named `qn` and, when given, taking `args` (canonical input
    /// types): how `COMMENT ON` and `GRANT` find the routine they name.
    pub(super) fn routines_named(&self, qn: &QName, args: Option<&[String]>) -> Vec<usize> {
        self.routines
            .iter()
            .enumerate()
            .filter(|(_, f)| f.schema == qn.schema && f.name == qn.name)
            .filter(|(_, f)| args.is_none_or(|a| a == input_types(f)))
            .map(|(i, _)| i)
            .collect()
    }
}

impl Importer<'_> {
    /// The triggers of a built table: `UPDATE OF` names resolved to the table's column ids.
    pub(super) fn build_triggers(
        &mut self,
        rt: &super::raw::RawTable,
        table: &mut crate::model::Table,
    ) {
        for (raw, loc) in &rt.triggers {
            let mut update_of = Vec::new();
            let mut missing = None;
            for name in &raw.update_of {
                match table.columns.iter().find(|c| &c.name == name) {
                    Some(c) => update_of.push(c.id.clone()),
                    None => missing = Some(name.clone()),
                }
            }
            if let Some(name) = missing {
                self.error(
                    loc,
                    format!(
                        "trigger {}: column {name} does not exist on {}",
                        raw.name,
                        show(&rt.qname)
                    ),
                );
                continue;
            }
            let comment = rt
                .trigger_comments
                .iter()
                .rev()
                .find(|(n, _)| *n == raw.name)
                .and_then(|(_, c)| c.clone());
            table.triggers.push(crate::model::Trigger {
                id: crate::model::Trigger::derive_id(&table.schema, &table.name, &raw.name),
                name: raw.name.clone(),
                timing: raw.timing,
                events: raw.events.clone(),
                update_of,
                for_each_row: raw.for_each_row,
                when: raw.when.clone(),
                old_table: raw.old_table.clone(),
                new_table: raw.new_table.clone(),
                function_schema: raw.function.0.clone(),
                function: raw.function.1.clone(),
                arguments: raw.arguments.clone(),
                comment,
            });
        }
    }
}

/// A routine from the `CREATE FUNCTION` text PostgreSQL prints (`pg_get_functiondef`), with its
/// derived id: how introspection reads routines, through the importer's own reader so both
/// sides meet in one spelling.
pub fn function_from_definition(definition: &str) -> Result<crate::model::Function, String> {
    let (toks, end) = super::routines::one_statement(definition)?;
    let (mut f, _) = read_routine(definition, &toks, end).map_err(|e| located(definition, e))?;
    let identity: Vec<String> = f
        .arguments
        .iter()
        .filter(|a| a.mode.is_input())
        .map(|a| canonical_arg_type(&a.ty))
        .collect();
    f.id = crate::model::Function::derive_id(&f.schema, &f.name, &identity.join(", "));
    Ok(f)
}

/// A trigger of `table` from the `CREATE TRIGGER` text PostgreSQL prints (`pg_get_triggerdef`).
pub fn trigger_from_definition(
    definition: &str,
    table: &crate::model::Table,
) -> Result<crate::model::Trigger, String> {
    let (toks, end) = super::routines::one_statement(definition)?;
    let raw = read_trigger(definition, &toks, end).map_err(|e| located(definition, e))?;
    let mut update_of = Vec::new();
    for name in &raw.update_of {
        let c = table
            .columns
            .iter()
            .find(|c| &c.name == name)
            .ok_or_else(|| format!("column {name} of trigger {} not found", raw.name))?;
        update_of.push(c.id.clone());
    }
    Ok(crate::model::Trigger {
        id: crate::model::Trigger::derive_id(&table.schema, &table.name, &raw.name),
        name: raw.name,
        timing: raw.timing,
        events: raw.events,
        update_of,
        for_each_row: raw.for_each_row,
        when: raw.when,
        old_table: raw.old_table,
        new_table: raw.new_table,
        function_schema: raw.function.0,
        function: raw.function.1,
        arguments: raw.arguments,
        comment: None,
    })
}

/// A reader's error as `line L, column C: message`.
fn located(text: &str, (offset, message): (usize, String)) -> String {
    let (line, column) = super::split::LineIndex::new(text).line_col(offset);
    format!("line {line}, column {column}: {message}")
}
