//! `CREATE AGGREGATE` read from the importer's tokens.
//!
//! An aggregate is kept as a routine ([`RoutineKind::Aggregate`]) because it shares the
//! functions' namespace, identity (name and argument types), grants and comments; what it adds
//! is its option list, read here into [`Aggregate`]. Introspection prints the same statement
//! from `pg_aggregate` and reads it back with this reader, so both sides meet in one spelling.
//! Ordered-set aggregates (`ORDER BY` in the argument list) and the pre-8.2 form
//! (`BASETYPE = …`) are reported as not modelled rather than misread.

use std::collections::BTreeMap;

use super::routines::{Cursor, ReadError};
use crate::model::{Aggregate, Function, Parallel, RoutineKind, Volatility};
use crate::sql::split::{Tok, TokKind};

/// Reads `CREATE [OR REPLACE] FUNCTION|PROCEDURE|AGGREGATE …` from `toks` (one statement of
/// `text`): an aggregate here, the others by [`super::routines::read_function`].
pub(crate) fn read_routine(
    text: &str,
    toks: &[Tok],
    end: usize,
) -> Result<(Function, Vec<String>), ReadError> {
    let mut c = Cursor {
        text,
        toks,
        i: 1,
        end,
    };
    if c.eat("OR") {
        c.eat("REPLACE");
    }
    if c.word_at(0).as_deref() == Some("CREATE") && c.is("AGGREGATE") {
        read_aggregate(&mut c).map(|f| (f, Vec::new()))
    } else {
        super::routines::read_function(text, toks, end)
    }
}

/// Reads the rest of `CREATE [OR REPLACE] AGGREGATE` from `c`, positioned on `AGGREGATE`.
fn read_aggregate(c: &mut Cursor) -> Result<Function, ReadError> {
    c.expect("AGGREGATE")?;
    let (schema, name) = c.qualified()?;
    if !c.is_punct('(') {
        return c.fail("expected ( and the argument list");
    }
    let close = c.closing(c.i)?;
    let mut arguments = Vec::new();
    let star = close == c.i + 2 && c.tok(c.i + 1).map(|t| t.kind) == Some(TokKind::Punct('*'));
    if !star {
        for (from, to) in c.comma_groups(c.i + 1, close) {
            let group = &c.toks[from..to];
            if group.iter().any(|t| t.kind == TokKind::Punct('=')) {
                return Err((
                    c.toks[from].start,
                    "the old CREATE AGGREGATE form (BASETYPE = …) is not modelled".into(),
                ));
            }
            if (from..to).any(|k| c.word_at(k).as_deref() == Some("ORDER")) {
                return Err((
                    c.toks[from].start,
                    "ordered-set aggregates (ORDER BY in the arguments) are not modelled".into(),
                ));
            }
            arguments.push(super::routines::read_argument(c, from, to)?);
        }
    }
    c.i = close + 1;
    if !c.is_punct('(') {
        return c.fail("expected ( and the aggregate's options (SFUNC = …, STYPE = …)");
    }
    let close = c.closing(c.i)?;
    let mut sfunc = None;
    let mut stype = None;
    let mut parallel = Parallel::Unsafe;
    let mut options = BTreeMap::new();
    for (from, to) in c.comma_groups(c.i + 1, close) {
        let Some(key) = c.word_at(from) else {
            return Err((c.toks[from].start, "expected an aggregate option".into()));
        };
        let value = match c.toks.get(from + 1).map(|t| t.kind) {
            Some(TokKind::Punct('=')) if from + 2 < to => Some(value_of(c, from + 2, to)),
            None if from + 1 == to => None,
            _ if from + 1 == to => None,
            _ => return Err((c.toks[from].start, format!("expected {key} = value"))),
        };
        let need = |v: Option<String>| {
            v.ok_or_else(|| (c.toks[from].start, format!("{key} needs a value")))
        };
        match key.as_str() {
            "SFUNC" => sfunc = Some(need(value)?),
            "STYPE" => stype = Some(need(value)?),
            "PARALLEL" => {
                parallel = match need(value)?.to_ascii_uppercase().as_str() {
                    "SAFE" => Parallel::Safe,
                    "RESTRICTED" => Parallel::Restricted,
                    "UNSAFE" => Parallel::Unsafe,
                    _ => {
                        return Err((
                            c.toks[from].start,
                            "expected PARALLEL = SAFE, RESTRICTED or UNSAFE".into(),
                        ))
                    }
                }
            }
            "HYPOTHETICAL" => {
                return Err((
                    c.toks[from].start,
                    "hypothetical-set aggregates are not modelled".into(),
                ))
            }
            other => match Aggregate::OPTIONS.iter().find(|(k, _)| *k == other) {
                Some((k, true)) => {
                    // A flag; `= true`/`= false` is accepted too.
                    if value
                        .as_deref()
                        .is_none_or(|v| v.eq_ignore_ascii_case("true"))
                    {
                        options.insert(k.to_string(), String::new());
                    }
                }
                Some((k, false)) => {
                    options.insert(k.to_string(), need(value)?);
                }
                None => {
                    return Err((
                        c.toks[from].start,
                        format!("{other} is not an aggregate option"),
                    ))
                }
            },
        }
    }
    c.i = close + 1;
    if c.tok(c.i).is_some() {
        return c.fail("expected the end of the statement");
    }
    let Some(sfunc) = sfunc else {
        return Err((c.end, "the aggregate has no SFUNC".into()));
    };
    let Some(stype) = stype else {
        return Err((c.end, "the aggregate has no STYPE".into()));
    };
    Ok(Function {
        // PostgreSQL lets everyone execute a new aggregate, as any routine.
        grants: vec![crate::model::Grant {
            role: "public".into(),
            privilege: crate::model::Privilege::Execute,
            grantable: false,
        }],
        id: crate::model::Id::new(""),
        schema,
        name,
        kind: RoutineKind::Aggregate,
        arguments,
        returns: None,
        language: String::new(),
        body: String::new(),
        volatility: Volatility::Volatile,
        strict: false,
        security_definer: false,
        leakproof: false,
        parallel,
        config: BTreeMap::new(),
        comment: None,
        aggregate: Some(Aggregate {
            sfunc,
            stype,
            options,
        }),
    })
}

/// An option's value: a string literal's content, else the text as written.
fn value_of(c: &Cursor, from: usize, to: usize) -> String {
    let toks: &[Tok] = &c.toks[from..to];
    if let [one] = toks {
        if one.kind == TokKind::Str {
            return c.string_at(from).unwrap_or_default();
        }
    }
    c.span(from, to).trim().to_string()
}

#[cfg(test)]
mod tests {
    use crate::import::function_from_definition;
    use crate::model::{Parallel, RoutineKind};

    #[test]
    fn reads_pagila_group_concat_and_options() {
        let f = function_from_definition(
            "CREATE AGGREGATE public.group_concat(text) (\n    SFUNC = public._group_concat,\n    STYPE = text\n);",
        )
        .unwrap();
        assert_eq!(f.kind, RoutineKind::Aggregate);
        assert_eq!(f.name, "group_concat");
        assert_eq!(f.identity_arguments(), "text");
        let a = f.aggregate.as_ref().unwrap();
        assert_eq!(
            (a.sfunc.as_str(), a.stype.as_str()),
            ("public._group_concat", "text")
        );

        let f = function_from_definition(
            "create or replace aggregate app.sum2(int4) (sfunc = int4pl, stype = int4, initcond = '0', \
             finalfunc_extra, combinefunc = pg_catalog.int4pl, parallel = safe)",
        )
        .unwrap();
        let a = f.aggregate.as_ref().unwrap();
        assert_eq!(f.parallel, Parallel::Safe);
        assert_eq!(f.identity_arguments(), "int4");
        assert_eq!(a.stype, "int4");
        assert_eq!(a.options["INITCOND"], "0");
        assert_eq!(a.options["FINALFUNC_EXTRA"], "");
        assert_eq!(a.options["COMBINEFUNC"], "pg_catalog.int4pl");
        let f = function_from_definition("CREATE AGGREGATE n(*) (SFUNC = int8inc, STYPE = int8)")
            .unwrap();
        assert!(f.arguments.is_empty());
    }

    #[test]
    fn refuses_what_it_does_not_model_with_a_place() {
        for (sql, says) in [
            (
                "CREATE AGGREGATE p(float8 ORDER BY float8) (SFUNC = f, STYPE = internal)",
                "ordered-set",
            ),
            (
                "CREATE AGGREGATE a (BASETYPE = int4, SFUNC = f, STYPE = int4)",
                "BASETYPE",
            ),
            ("CREATE AGGREGATE a(int4) (SFUNC = f)", "no STYPE"),
            (
                "CREATE AGGREGATE a(int4) (SFUNC = f, STYPE = int4, BOGUS = 1)",
                "BOGUS",
            ),
            (
                "CREATE AGGREGATE a(int4) (SFUNC = f, STYPE = int4) extra",
                "end of the statement",
            ),
        ] {
            let e = function_from_definition(sql).unwrap_err();
            assert!(e.contains(says), "{sql}: {e}");
        }
    }
}
