//! `CREATE DOMAIN`, `ALTER DOMAIN … ADD CONSTRAINT` and `CREATE EXTENSION` read from the
//! importer's tokens.

use super::raw::{show, Loc, QName, RawDomain};
use super::routines::{Cursor, ReadError};
use super::split::{name_chain, RawStatement, TokKind};
use super::statements::Importer;

/// Words that end a domain's base type or default.
const CLAUSES: &[&str] = &["COLLATE", "DEFAULT", "CONSTRAINT", "NOT", "NULL", "CHECK"];

/// Reads one constraint (`[CONSTRAINT n] NOT NULL | NULL | CHECK (…) [NOT VALID]`) at the cursor
/// into `d`.
fn read_constraint(c: &mut Cursor, d: &mut RawDomain) -> Result<(), ReadError> {
    let mut name = None;
    if c.eat("CONSTRAINT") {
        let (parts, next) = name_chain(c.text, c.toks, c.i);
        let [n] = parts.as_slice() else {
            return c.fail("expected a constraint name");
        };
        name = Some(n.clone());
        c.i = next;
    }
    if c.eat("NOT") {
        c.expect("NULL")?;
        d.not_null = true;
    } else if c.eat("NULL") {
        d.not_null = false;
    } else if c.eat("CHECK") {
        if !c.is_punct('(') {
            return c.fail("expected ( after CHECK");
        }
        let close = c.closing(c.i)?;
        let expr = c.span(c.i + 1, close).trim().to_string();
        c.i = close + 1;
        let not_valid = if c.is("NOT") && c.word_at(c.i + 1).as_deref() == Some("VALID") {
            c.i += 2;
            true
        } else {
            false
        };
        d.checks.push((name, expr, not_valid));
    } else {
        return c.fail("expected NOT NULL, NULL or CHECK");
    }
    Ok(())
}

fn read_domain(text: &str, st: &RawStatement) -> Result<RawDomain, ReadError> {
    let mut c = Cursor {
        text,
        toks: &st.toks,
        i: 0,
        end: st.end,
    };
    c.expect("CREATE")?;
    c.expect("DOMAIN")?;
    let (schema, name) = c.qualified()?;
    c.eat("AS");
    let at_clause = |c: &Cursor| c.word().is_some_and(|w| CLAUSES.contains(&w.as_str()));
    let until_clause = |c: &mut Cursor| -> usize {
        let start = c.i;
        let mut depth = 0usize;
        while let Some(t) = c.tok(c.i) {
            match t.kind {
                TokKind::Punct('(') | TokKind::Punct('[') => depth += 1,
                TokKind::Punct(')') | TokKind::Punct(']') => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth == 0 && c.i > start && at_clause(c) {
                break;
            }
            c.i += 1;
        }
        start
    };
    let start = until_clause(&mut c);
    let base = c.span(start, c.i).to_string();
    if base.trim().is_empty() {
        return c.fail("expected the domain's base type");
    }
    let mut d = RawDomain {
        qname: QName { schema, name },
        base,
        not_null: false,
        default: None,
        collation: None,
        checks: Vec::new(),
        comment: None,
    };
    while c.i < c.toks.len() {
        if c.eat("COLLATE") {
            let (parts, next) = name_chain(text, c.toks, c.i);
            let Some(last) = parts.last() else {
                return c.fail("expected a collation name");
            };
            d.collation = Some(last.clone());
            c.i = next;
        } else if c.eat("DEFAULT") {
            let start = until_clause(&mut c);
            d.default = Some(c.span(start, c.i).trim().to_string());
        } else {
            read_constraint(&mut c, &mut d)?;
        }
    }
    Ok(d)
}

impl Importer<'_> {
    /// `CREATE DOMAIN`.
    pub(super) fn create_domain(&mut self, st: &RawStatement, loc: &Loc) {
        match read_domain(self.text, st) {
            Ok(d) => {
                if self.domains.iter().any(|x| x.qname == d.qname) {
                    self.error(loc, format!("domain {} is defined twice", show(&d.qname)));
                    return;
                }
                self.domains.push(d);
            }
            Err((offset, message)) => {
                let at = Loc {
                    offset: offset.max(st.start),
                    kind: loc.kind.clone(),
                };
                self.error(&at, message);
            }
        }
    }

    /// `ALTER DOMAIN name ADD [CONSTRAINT n] CHECK (…) [NOT VALID]` (what pg_dump writes for a
    /// `NOT VALID` check); other forms are warned about.
    pub(super) fn alter_domain(&mut self, st: &RawStatement, loc: &Loc) {
        let mut c = Cursor {
            text: self.text,
            toks: &st.toks,
            i: 2,
            end: st.end,
        };
        let Ok((schema, name)) = c.qualified() else {
            self.error(loc, "expected the domain's name");
            return;
        };
        let qn = QName { schema, name };
        if !c.eat("ADD") {
            self.warn(
                loc,
                "skipped: only ALTER DOMAIN … ADD CONSTRAINT is modelled",
            );
            return;
        }
        let Some(di) = self.domains.iter().position(|d| d.qname == qn) else {
            self.error(
                loc,
                format!("domain {} is not defined before it", show(&qn)),
            );
            return;
        };
        let mut d = std::mem::replace(
            &mut self.domains[di],
            RawDomain {
                qname: qn.clone(),
                base: String::new(),
                not_null: false,
                default: None,
                collation: None,
                checks: Vec::new(),
                comment: None,
            },
        );
        let result = read_constraint(&mut c, &mut d);
        self.domains[di] = d;
        if let Err((offset, message)) = result {
            let at = Loc {
                offset: offset.max(st.start),
                kind: loc.kind.clone(),
            };
            self.error(&at, message);
        }
    }
}

/// The model's domains, base types resolved against `schema`'s enums; unnamed checks named as
/// PostgreSQL names them (`<domain>_check`, `<domain>_check1`, …).
pub(crate) fn build_domains(
    raw: Vec<RawDomain>,
    schema: &crate::model::Schema,
) -> Vec<crate::model::Domain> {
    use crate::model::{Domain, DomainCheck};
    raw.into_iter()
        .map(|d| {
            let (s, n) = (d.qname.schema.as_str(), d.qname.name.as_str());
            let mut names: Vec<String> = d.checks.iter().filter_map(|c| c.0.clone()).collect();
            let checks = d
                .checks
                .into_iter()
                .map(|(name, expression, not_valid)| {
                    let name = name.unwrap_or_else(|| {
                        let base = format!("{n}_check");
                        let mut candidate = base.clone();
                        let mut k = 0;
                        while names.contains(&candidate) {
                            k += 1;
                            candidate = format!("{base}{k}");
                        }
                        names.push(candidate.clone());
                        candidate
                    });
                    DomainCheck {
                        id: Domain::derive_check_id(s, n, &name),
                        name,
                        expression,
                        not_valid,
                    }
                })
                .collect();
            Domain {
                id: Domain::derive_id(s, n),
                schema: s.to_string(),
                name: n.to_string(),
                base: crate::normalize::parse_type_name(&d.base, schema),
                not_null: d.not_null,
                default: d.default,
                collation: d.collation,
                checks,
                comment: d.comment,
            }
        })
        .collect()
}

impl Importer<'_> {
    /// `CREATE EXTENSION [IF NOT EXISTS] name [WITH] [SCHEMA s] [VERSION v] [CASCADE]`.
    pub(super) fn create_extension(&mut self, st: &RawStatement, loc: &Loc) {
        let mut c = Cursor {
            text: self.text,
            toks: &st.toks,
            i: 2,
            end: st.end,
        };
        if c.eat("IF") {
            c.eat("NOT");
            c.eat("EXISTS");
        }
        let (parts, next) = name_chain(self.text, c.toks, c.i);
        let name = match (parts.as_slice(), c.string_at(c.i)) {
            ([n], _) => n.clone(),
            (_, Some(s)) => s,
            _ => {
                self.error(loc, "expected the extension's name");
                return;
            }
        };
        c.i = next.max(c.i + 1);
        let mut ext = crate::model::Extension::new(&name);
        c.eat("WITH");
        while c.i < c.toks.len() {
            if c.eat("SCHEMA") {
                let (parts, next) = name_chain(self.text, c.toks, c.i);
                let [s] = parts.as_slice() else {
                    self.error(loc, "expected a schema name after SCHEMA");
                    return;
                };
                ext.schema = s.clone();
                c.i = next;
            } else if c.eat("VERSION") {
                let v = c
                    .string_at(c.i)
                    .or_else(|| c.tok(c.i).map(|t| c.raw(t).to_string()));
                ext.version = v;
                c.i += 1;
            } else if c.eat("CASCADE") {
                self.warn(loc, "CASCADE: the extensions it requires are not listed");
            } else {
                self.error(loc, "expected SCHEMA, VERSION or CASCADE");
                return;
            }
        }
        match self.extensions.iter_mut().find(|e| e.name == ext.name) {
            Some(e) => *e = ext,
            None => self.extensions.push(ext),
        }
    }
}
