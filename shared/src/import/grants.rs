//! `GRANT` and `REVOKE` of privileges on tables, sequences and routines, read from the
//! importer's tokens. Other forms (`ON ALL TABLES IN SCHEMA`, schemas, databases, types, column
//! privileges, role membership) are not modelled and warned about.

use super::raw::{qname_of, show, Loc, QName};
use super::routines::{argument_of, Cursor};
use super::split::{name_chain, RawStatement, TokKind};
use super::statements::Importer;
use crate::model::{Grant, Privilege};
use crate::normalize::canonical_arg_type;

/// What a `GRANT`/`REVOKE` is on.
enum Target {
    Table(QName),
    Sequence(QName),
    Routine(QName, Option<Vec<String>>),
}

impl Importer<'_> {
    /// `GRANT … ON … TO …` (`revoke` false) or `REVOKE … ON … FROM …` (`revoke` true).
    pub(super) fn grant(&mut self, st: &RawStatement, loc: &Loc, revoke: bool) {
        if let Err(why) = self.grant_inner(st, loc, revoke) {
            self.warn(loc, format!("skipped: {why}"));
        }
    }

    fn grant_inner(&mut self, st: &RawStatement, loc: &Loc, revoke: bool) -> Result<(), String> {
        let mut c = Cursor {
            text: self.text,
            toks: &st.toks,
            i: 1,
            end: st.end,
        };
        let option_only = revoke && c.is("GRANT");
        if option_only {
            c.i += 3; // GRANT OPTION FOR
        }
        // Privileges, up to ON.
        let mut all = false;
        let mut privileges = Vec::new();
        while !c.is("ON") {
            let Some(w) = c.word() else {
                return Err("column privileges and role membership are not modelled".into());
            };
            if w == "ALL" {
                all = true;
                c.i += 1;
                c.eat("PRIVILEGES");
            } else {
                privileges.push(
                    Privilege::parse(&w).ok_or_else(|| format!("privilege {w} is not modelled"))?,
                );
                c.i += 1;
            }
            if c.is_punct('(') {
                return Err("column privileges are not modelled".into());
            }
            if c.is_punct(',') {
                c.i += 1;
            }
            if c.i >= c.toks.len() {
                return Err("role membership is not modelled".into());
            }
        }
        c.i += 1; // ON
        let kind = c.word().unwrap_or_default();
        let kind = match kind.as_str() {
            "TABLE" | "SEQUENCE" | "FUNCTION" | "PROCEDURE" | "ROUTINE" => {
                c.i += 1;
                kind
            }
            "ALL" | "SCHEMA" | "DATABASE" | "TYPE" | "DOMAIN" | "LANGUAGE" | "LARGE"
            | "FOREIGN" | "TABLESPACE" | "PARAMETER" => {
                return Err(format!("privileges ON {kind} … are not modelled"))
            }
            _ => "TABLE".to_string(),
        };
        let mut targets = Vec::new();
        loop {
            let (parts, next) = name_chain(self.text, c.toks, c.i);
            if parts.is_empty() {
                return Err("expected an object name".into());
            }
            let qn = qname_of(&parts);
            c.i = next;
            let target = match kind.as_str() {
                "SEQUENCE" => Target::Sequence(qn),
                "TABLE" => Target::Table(qn),
                _ => {
                    let mut args = None;
                    if c.is_punct('(') {
                        let close = c.closing(c.i).map_err(|(_, m)| m)?;
                        let types = c
                            .comma_groups(c.i + 1, close)
                            .into_iter()
                            .filter_map(|(a, b)| {
                                let arg = argument_of(c.span(a, b))?;
                                arg.mode.is_input().then(|| canonical_arg_type(&arg.ty))
                            })
                            .collect();
                        args = Some(types);
                        c.i = close + 1;
                    }
                    Target::Routine(qn, args)
                }
            };
            targets.push(target);
            if c.is_punct(',') {
                c.i += 1;
            } else {
                break;
            }
        }
        if !(c.eat("TO") || c.eat("FROM")) {
            return Err("expected TO or FROM".into());
        }
        let mut roles = Vec::new();
        loop {
            let t = c.tok(c.i).ok_or("expected a role")?;
            let role = match t.kind {
                TokKind::Word => {
                    let w = c.raw(t).to_ascii_lowercase();
                    c.eat("GROUP");
                    w
                }
                TokKind::Quoted => {
                    let (parts, _) = name_chain(self.text, c.toks, c.i);
                    parts.into_iter().next().unwrap_or_default()
                }
                _ => return Err("expected a role".into()),
            };
            c.i += 1;
            roles.push(role);
            if c.is_punct(',') {
                c.i += 1;
            } else {
                break;
            }
        }
        let grantable = !revoke && c.is("WITH") && c.word_at(c.i + 1).as_deref() == Some("GRANT");
        for target in targets {
            let (list, all_of): (&mut Vec<Grant>, &[Privilege]) = match &target {
                Target::Table(qn) => {
                    let Some(ti) = self.table_index(qn) else {
                        return Err(format!(
                            "{} is not a table defined before it (privileges on views are not modelled)",
                            show(qn)
                        ));
                    };
                    (&mut self.tables[ti].grants, &Privilege::TABLE_ALL)
                }
                Target::Sequence(qn) => {
                    let Some(q) = self.sequences.iter_mut().find(|q| &q.qname == qn) else {
                        return Err(format!("sequence {} is not defined before it", show(qn)));
                    };
                    (&mut q.grants, &Privilege::SEQUENCE_ALL)
                }
                Target::Routine(qn, args) => {
                    let found: Vec<usize> = self
                        .routines
                        .iter()
                        .enumerate()
                        .filter(|(_, f)| f.schema == qn.schema && f.name == qn.name)
                        .filter(|(_, f)| {
                            args.as_ref().is_none_or(|a| {
                                let mine: Vec<String> = f
                                    .arguments
                                    .iter()
                                    .filter(|x| x.mode.is_input())
                                    .map(|x| canonical_arg_type(&x.ty))
                                    .collect();
                                *a == mine
                            })
                        })
                        .map(|(i, _)| i)
                        .collect();
                    let [one] = found.as_slice() else {
                        return Err(format!(
                            "routine {} is not defined before it (or is overloaded)",
                            show(qn)
                        ));
                    };
                    (&mut self.routines[*one].grants, &[Privilege::Execute])
                }
            };
            let privileges: Vec<Privilege> = if all {
                all_of.to_vec()
            } else {
                privileges.clone()
            };
            for role in &roles {
                for p in &privileges {
                    if revoke {
                        if option_only {
                            for g in list
                                .iter_mut()
                                .filter(|g| &g.role == role && g.privilege == *p)
                            {
                                g.grantable = false;
                            }
                        } else {
                            list.retain(|g| !(&g.role == role && g.privilege == *p));
                        }
                    } else {
                        list.push(Grant {
                            role: role.clone(),
                            privilege: *p,
                            grantable,
                        });
                        Grant::canonical(list);
                    }
                }
            }
        }
        let _ = loc;
        Ok(())
    }
}
