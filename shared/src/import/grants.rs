//! `GRANT` and `REVOKE` of privileges on schemas, tables, sequences and routines, read from the
//! importer's tokens. `ON ALL TABLES|SEQUENCES|FUNCTIONS|PROCEDURES|ROUTINES IN SCHEMA …` acts,
//! as in PostgreSQL, on the objects that exist at that point of the file. Other forms (databases,
//! types, column privileges, role membership) are not modelled and warned about.

use super::raw::{qname_of, show, Loc, QName};
use super::routines::{argument_of, Cursor};
use super::split::{name_chain, RawStatement, TokKind};
use super::statements::Importer;
use crate::model::{Grant, Privilege};
use crate::normalize::canonical_arg_type;

/// What a `GRANT`/`REVOKE` is on.
enum Target {
    Schema(String),
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
        let (all, privileges) = read_privileges(&mut c)?;
        let kind = c.word().unwrap_or_default();
        let targets = if kind == "ALL" {
            c.i += 1;
            self.all_in_schema(&mut c)?
        } else {
            let kind = match kind.as_str() {
                "TABLE" | "SEQUENCE" | "FUNCTION" | "PROCEDURE" | "ROUTINE" | "SCHEMA" => {
                    c.i += 1;
                    kind
                }
                "DATABASE" | "TYPE" | "DOMAIN" | "LANGUAGE" | "LARGE" | "FOREIGN"
                | "TABLESPACE" | "PARAMETER" => {
                    return Err(format!("privileges ON {kind} … are not modelled"))
                }
                _ => "TABLE".to_string(),
            };
            self.named_targets(&mut c, &kind)?
        };
        if !(c.eat("TO") || c.eat("FROM")) {
            return Err("expected TO or FROM".into());
        }
        let roles = read_roles(&mut c)?;
        let grantable = !revoke && c.is("WITH") && c.word_at(c.i + 1).as_deref() == Some("GRANT");
        for target in targets {
            let (list, all_of): (&mut Vec<Grant>, &[Privilege]) = match &target {
                Target::Schema(name) => {
                    let at = match self.schema_grants.iter().position(|(n, _)| n == name) {
                        Some(at) => at,
                        None => {
                            self.schema_grants.push((
                                name.clone(),
                                crate::model::Namespace::default_grants(name),
                            ));
                            self.schema_grants.len() - 1
                        }
                    };
                    (&mut self.schema_grants[at].1, &Privilege::SCHEMA_ALL)
                }
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
                    let found = self.routines_named(qn, args.as_deref());
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

    /// The comma-separated objects after `ON [kind]`.
    fn named_targets(&self, c: &mut Cursor, kind: &str) -> Result<Vec<Target>, String> {
        let mut targets = Vec::new();
        loop {
            let (parts, next) = name_chain(self.text, c.toks, c.i);
            if parts.is_empty() {
                return Err("expected an object name".into());
            }
            c.i = next;
            if kind == "SCHEMA" {
                targets.push(Target::Schema(parts.join(".")));
            } else {
                let qn = qname_of(&parts);
                targets.push(match kind {
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
                });
            }
            if c.is_punct(',') {
                c.i += 1;
            } else {
                return Ok(targets);
            }
        }
    }

    /// `ALL TABLES|SEQUENCES|FUNCTIONS|PROCEDURES|ROUTINES IN SCHEMA a, b`: every such object of
    /// those schemas defined so far (views count as tables in PostgreSQL, but their privileges
    /// are not modelled, so they are left alone).
    fn all_in_schema(&self, c: &mut Cursor) -> Result<Vec<Target>, String> {
        let kind = c.word().unwrap_or_default();
        c.i += 1;
        if !(c.eat("IN") && c.eat("SCHEMA")) {
            return Err(format!("expected IN SCHEMA after ALL {kind}"));
        }
        let mut schemas = Vec::new();
        loop {
            let (parts, next) = name_chain(self.text, c.toks, c.i);
            let Some(name) = parts.into_iter().next() else {
                return Err("expected a schema name".into());
            };
            schemas.push(name);
            c.i = next;
            if c.is_punct(',') {
                c.i += 1;
            } else {
                break;
            }
        }
        let schemas = &schemas;
        let in_schemas = |qn: &QName| schemas.contains(&qn.schema);
        let routines = |procedures: Option<bool>| {
            self.routines
                .iter()
                .filter(move |f| schemas.contains(&f.schema))
                .filter(move |f| match procedures {
                    Some(p) => (f.kind == crate::model::RoutineKind::Procedure) == p,
                    None => true,
                })
                .map(|f| {
                    Target::Routine(
                        QName {
                            schema: f.schema.clone(),
                            name: f.name.clone(),
                        },
                        Some(super::functions::input_types(f)),
                    )
                })
                .collect::<Vec<_>>()
        };
        Ok(match kind.as_str() {
            "TABLES" => self
                .tables
                .iter()
                .filter(|t| in_schemas(&t.qname))
                .map(|t| Target::Table(t.qname.clone()))
                .collect(),
            "SEQUENCES" => self
                .sequences
                .iter()
                .filter(|q| in_schemas(&q.qname))
                .map(|q| Target::Sequence(q.qname.clone()))
                .collect(),
            "FUNCTIONS" => routines(Some(false)),
            "PROCEDURES" => routines(Some(true)),
            "ROUTINES" => routines(None),
            _ => return Err(format!("privileges ON ALL {kind} are not modelled")),
        })
    }
}

/// `ALL [PRIVILEGES]` (true) or the privileges listed, up to `ON`.
pub(super) fn read_privileges(c: &mut Cursor) -> Result<(bool, Vec<Privilege>), String> {
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
    Ok((all, privileges))
}

/// A comma-separated list of roles (`[GROUP] name`, `PUBLIC` as `public`), unquoted.
pub(super) fn read_roles(c: &mut Cursor) -> Result<Vec<String>, String> {
    let mut roles = Vec::new();
    loop {
        c.eat("GROUP");
        let t = c.tok(c.i).ok_or("expected a role")?;
        let role = match t.kind {
            TokKind::Word => c.raw(t).to_ascii_lowercase(),
            TokKind::Quoted => {
                let (parts, _) = name_chain(c.text, c.toks, c.i);
                parts.into_iter().next().unwrap_or_default()
            }
            _ => return Err("expected a role".into()),
        };
        c.i += 1;
        roles.push(role);
        if c.is_punct(',') {
            c.i += 1;
        } else {
            return Ok(roles);
        }
    }
}
