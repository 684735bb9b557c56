//! `CREATE FUNCTION`, `CREATE PROCEDURE` and `CREATE TRIGGER` read from the importer's tokens.
//!
//! sqlparser does not know every clause PostgreSQL (and `pg_get_functiondef`) writes here, and a
//! body must be kept byte for byte, so these statements are read from the lexer's tokens. The
//! same readers turn the definitions PostgreSQL prints back (`pg_get_functiondef`,
//! `pg_get_triggerdef`) into the model during introspection, so both sides meet in one spelling.

use std::collections::BTreeMap;

use crate::model::{
    ArgMode, Argument, Function, Parallel, RoutineKind, TriggerEvent, TriggerTiming, Volatility,
    DEFAULT_SCHEMA,
};
use crate::sql::lexical::parse_string_literal;
use crate::sql::split::{name_chain, split, Tok, TokKind};

/// A problem reading a definition: the byte offset in the text and what is wrong.
pub(crate) type ReadError = (usize, String);

/// Whether a read error names valid PostgreSQL that Joinery does not model (a warning and a
/// skip) rather than a mistake in the text (an error).
pub(crate) fn is_unsupported(message: &str) -> bool {
    message.contains("not modelled") || message.contains("FROM CURRENT")
}

/// A token cursor over one statement.
pub(crate) struct Cursor<'a> {
    pub text: &'a str,
    pub toks: &'a [Tok],
    pub i: usize,
    /// The end of the statement, for errors at its end.
    pub end: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn tok(&self, at: usize) -> Option<&'a Tok> {
        self.toks.get(at)
    }

    pub(crate) fn raw(&self, t: &Tok) -> &'a str {
        self.text.get(t.start..t.end).unwrap_or("")
    }

    /// The upper-cased word at `at`, if it is a bare word.
    pub(crate) fn word_at(&self, at: usize) -> Option<String> {
        let t = self.tok(at)?;
        (t.kind == TokKind::Word).then(|| self.raw(t).to_ascii_uppercase())
    }

    pub(crate) fn word(&self) -> Option<String> {
        self.word_at(self.i)
    }

    pub(crate) fn is(&self, upper: &str) -> bool {
        self.word().as_deref() == Some(upper)
    }

    /// Consumes the word `upper` if it is next.
    pub(crate) fn eat(&mut self, upper: &str) -> bool {
        let yes = self.is(upper);
        if yes {
            self.i += 1;
        }
        yes
    }

    pub(crate) fn is_punct(&self, c: char) -> bool {
        self.tok(self.i).map(|t| t.kind) == Some(TokKind::Punct(c))
    }

    pub(crate) fn offset(&self) -> usize {
        self.tok(self.i).map_or(self.end, |t| t.start)
    }

    pub(crate) fn fail<T>(&self, message: impl Into<String>) -> Result<T, ReadError> {
        Err((self.offset(), message.into()))
    }

    pub(crate) fn expect(&mut self, upper: &str) -> Result<(), ReadError> {
        if self.eat(upper) {
            Ok(())
        } else {
            self.fail(format!("expected {upper}"))
        }
    }

    /// A possibly qualified name: (schema, name).
    pub(crate) fn qualified(&mut self) -> Result<(String, String), ReadError> {
        let (parts, next) = name_chain(self.text, self.toks, self.i);
        let out = match parts.as_slice() {
            [name] => (DEFAULT_SCHEMA.to_string(), name.clone()),
            [.., schema, name] => (schema.clone(), name.clone()),
            [] => return self.fail("expected a name"),
        };
        self.i = next;
        Ok(out)
    }

    /// The index of the `)` closing the `(` at `open`.
    pub(crate) fn closing(&self, open: usize) -> Result<usize, ReadError> {
        let mut depth = 0usize;
        for (k, t) in self.toks.iter().enumerate().skip(open) {
            match t.kind {
                TokKind::Punct('(') | TokKind::Punct('[') => depth += 1,
                TokKind::Punct(')') | TokKind::Punct(']') => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Ok(k);
                    }
                }
                _ => {}
            }
        }
        Err((self.offset(), "unbalanced parentheses".into()))
    }

    /// The source text of tokens `from..to` (exclusive), as written.
    pub(crate) fn span(&self, from: usize, to: usize) -> &'a str {
        match (self.tok(from), to.checked_sub(1).and_then(|k| self.tok(k))) {
            (Some(a), Some(b)) if to > from => self.text.get(a.start..b.end).unwrap_or(""),
            _ => "",
        }
    }

    /// Splits tokens `from..to` at top-level commas.
    pub(crate) fn comma_groups(&self, from: usize, to: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let (mut depth, mut start) = (0usize, from);
        for k in from..to {
            match self.toks[k].kind {
                TokKind::Punct('(') | TokKind::Punct('[') => depth += 1,
                TokKind::Punct(')') | TokKind::Punct(']') => depth = depth.saturating_sub(1),
                TokKind::Punct(',') if depth == 0 => {
                    out.push((start, k));
                    start = k + 1;
                }
                _ => {}
            }
        }
        if start < to {
            out.push((start, to));
        }
        out
    }

    /// The value of the string literal token at `at` (dollar-quoted, `'…'` or `E'…'`).
    pub(crate) fn string_at(&self, at: usize) -> Option<String> {
        let t = self.tok(at)?;
        if t.kind != TokKind::Str {
            return None;
        }
        string_value(self.raw(t))
    }
}

/// The value of a string literal token.
pub(crate) fn string_value(raw: &str) -> Option<String> {
    if let Some(after) = raw.strip_prefix('$') {
        let tag_end = after.find('$')? + 2;
        let tag = &raw[..tag_end];
        let inner = raw.get(tag_end..raw.len().checked_sub(tag.len())?)?;
        return Some(inner.to_string());
    }
    parse_string_literal(raw).map(|(v, _)| v)
}

/// Words that start a routine attribute, ending a `RETURNS` type.
const ATTRIBUTES: &[&str] = &[
    "LANGUAGE",
    "AS",
    "IMMUTABLE",
    "STABLE",
    "VOLATILE",
    "STRICT",
    "CALLED",
    "SECURITY",
    "EXTERNAL",
    "PARALLEL",
    "COST",
    "ROWS",
    "SUPPORT",
    "SET",
    "WINDOW",
    "LEAKPROOF",
    "NOT",
    "TRANSFORM",
    "RETURN",
    "BEGIN",
];

/// Multi-word type names whose first word is not an argument name.
const TYPE_HEADS: &[&str] = &[
    "DOUBLE",
    "CHARACTER",
    "TIMESTAMP",
    "TIME",
    "BIT",
    "NATIONAL",
    "INTERVAL",
];

/// Reads `CREATE [OR REPLACE] FUNCTION|PROCEDURE …` from `toks` (one statement of `text`).
/// Clauses Joinery does not keep (`COST`, `ROWS`, `SUPPORT`, `TRANSFORM`, `WINDOW`) are returned
/// as warnings.
pub(crate) fn read_function(
    text: &str,
    toks: &[Tok],
    end: usize,
) -> Result<(Function, Vec<String>), ReadError> {
    let mut c = Cursor {
        text,
        toks,
        i: 0,
        end,
    };
    c.expect("CREATE")?;
    if c.eat("OR") {
        c.expect("REPLACE")?;
    }
    let kind = if c.eat("FUNCTION") {
        RoutineKind::Function
    } else if c.eat("PROCEDURE") {
        RoutineKind::Procedure
    } else {
        return c.fail("expected FUNCTION or PROCEDURE");
    };
    let (schema, name) = c.qualified()?;
    if !c.is_punct('(') {
        return c.fail("expected ( and the argument list");
    }
    let close = c.closing(c.i)?;
    let mut arguments = Vec::new();
    for (from, to) in c.comma_groups(c.i + 1, close) {
        arguments.push(read_argument(&c, from, to)?);
    }
    c.i = close + 1;
    let mut f = Function {
        // PostgreSQL lets everyone execute a new routine.
        grants: vec![crate::model::Grant {
            role: "public".into(),
            privilege: crate::model::Privilege::Execute,
            grantable: false,
        }],
        id: crate::model::Id::new(""),
        schema,
        name,
        kind,
        arguments,
        returns: None,
        language: String::new(),
        body: String::new(),
        volatility: Volatility::Volatile,
        strict: false,
        security_definer: false,
        leakproof: false,
        parallel: Parallel::Unsafe,
        config: BTreeMap::new(),
        comment: None,
        aggregate: None,
    };
    let mut warnings = Vec::new();
    let mut has_body = false;
    while c.i < toks.len() {
        let at = c.i;
        let Some(w) = c.word() else {
            return c.fail("expected a function attribute");
        };
        c.i += 1;
        match w.as_str() {
            "RETURNS" if c.is("NULL") => {
                c.i += 1;
                c.expect("ON")?;
                c.expect("NULL")?;
                c.expect("INPUT")?;
                f.strict = true;
            }
            "RETURNS" => {
                let start = c.i;
                if c.eat("TABLE") && c.is_punct('(') {
                    let close = c.closing(c.i)?;
                    let cols: Vec<String> = c
                        .comma_groups(c.i + 1, close)
                        .into_iter()
                        .map(|(a, b)| c.span(a, b).to_string())
                        .collect();
                    c.i = close + 1;
                    f.returns = Some(format!("TABLE({})", cols.join(", ")));
                } else {
                    c.i = start;
                    let mut depth = 0usize;
                    while let Some(t) = c.tok(c.i) {
                        match t.kind {
                            TokKind::Punct('(') | TokKind::Punct('[') => depth += 1,
                            TokKind::Punct(')') | TokKind::Punct(']') => {
                                depth = depth.saturating_sub(1)
                            }
                            _ => {}
                        }
                        if depth == 0 && c.word().is_some_and(|w| ATTRIBUTES.contains(&w.as_str()))
                        {
                            break;
                        }
                        c.i += 1;
                    }
                    if c.i == start {
                        return c.fail("expected the result type after RETURNS");
                    }
                    f.returns = Some(c.span(start, c.i).to_string());
                }
            }
            "LANGUAGE" => {
                let lang = c
                    .string_at(c.i)
                    .or_else(|| c.tok(c.i).map(|t| c.raw(t).to_string()))
                    .unwrap_or_default();
                if lang.is_empty() {
                    return c.fail("expected a language name");
                }
                f.language = lang.trim_matches('"').to_ascii_lowercase();
                c.i += 1;
            }
            "IMMUTABLE" => f.volatility = Volatility::Immutable,
            "STABLE" => f.volatility = Volatility::Stable,
            "VOLATILE" => f.volatility = Volatility::Volatile,
            "STRICT" => f.strict = true,
            "CALLED" => {
                c.expect("ON")?;
                c.expect("NULL")?;
                c.expect("INPUT")?;
                f.strict = false;
            }
            "EXTERNAL" | "SECURITY" => {
                if w == "EXTERNAL" {
                    c.expect("SECURITY")?;
                }
                if c.eat("DEFINER") {
                    f.security_definer = true;
                } else if c.eat("INVOKER") {
                    f.security_definer = false;
                } else {
                    return c.fail("expected DEFINER or INVOKER");
                }
            }
            "LEAKPROOF" => f.leakproof = true,
            "NOT" => {
                c.expect("LEAKPROOF")?;
                f.leakproof = false;
            }
            "PARALLEL" => {
                f.parallel = match c.word().as_deref() {
                    Some("SAFE") => Parallel::Safe,
                    Some("RESTRICTED") => Parallel::Restricted,
                    Some("UNSAFE") => Parallel::Unsafe,
                    _ => return c.fail("expected SAFE, RESTRICTED or UNSAFE"),
                };
                c.i += 1;
            }
            "COST" | "ROWS" | "SUPPORT" => {
                warnings.push(format!("{w} is not kept"));
                c.i += 1;
                while c.is_punct('.') {
                    c.i += 2;
                }
            }
            "WINDOW" => warnings.push("WINDOW is not kept".into()),
            "TRANSFORM" => {
                warnings.push("TRANSFORM is not kept".into());
                while c.tok(c.i).is_some()
                    && !c.word().is_some_and(|w| ATTRIBUTES.contains(&w.as_str()))
                {
                    c.i += 1;
                }
            }
            "SET" => {
                let (parts, next) = name_chain(text, toks, c.i);
                if parts.is_empty() {
                    return c.fail("expected a setting name");
                }
                c.i = next;
                let name = parts.join(".");
                if c.eat("FROM") {
                    c.expect("CURRENT")?;
                    return Err((
                        toks[at].start,
                        "SET … FROM CURRENT depends on the session that runs it".into(),
                    ));
                }
                if !c.eat("TO") {
                    if c.is_punct('=') {
                        c.i += 1;
                    } else {
                        return c.fail("expected TO or =");
                    }
                }
                let mut values = Vec::new();
                loop {
                    let Some(t) = c.tok(c.i) else {
                        return c.fail("expected a setting value");
                    };
                    let v = match t.kind {
                        TokKind::Str => c.string_at(c.i).unwrap_or_default(),
                        TokKind::Quoted => {
                            let r = c.raw(t);
                            r[1..r.len().saturating_sub(1).max(1)].replace("\"\"", "\"")
                        }
                        TokKind::Word => c.raw(t).to_ascii_lowercase(),
                        TokKind::Num => c.raw(t).to_string(),
                        TokKind::Punct('-') => {
                            c.i += 1;
                            let n = c.tok(c.i).map(|t| c.raw(t)).unwrap_or("");
                            format!("-{n}")
                        }
                        _ => return c.fail("expected a setting value"),
                    };
                    values.push(v);
                    c.i += 1;
                    if c.is_punct(',') {
                        c.i += 1;
                    } else {
                        break;
                    }
                }
                f.config.insert(name, values);
            }
            "AS" => {
                let Some(body) = c.string_at(c.i) else {
                    return c.fail("expected the body as a string");
                };
                c.i += 1;
                if c.is_punct(',') {
                    return Err((
                        toks[at].start,
                        "functions in loadable object files (AS 'file', 'symbol') are not modelled"
                            .into(),
                    ));
                }
                f.body = body;
                has_body = true;
            }
            "RETURN" | "BEGIN" => {
                // An SQL-standard body runs to the end of the statement.
                f.body = c.span(at, toks.len()).to_string();
                has_body = true;
                c.i = toks.len();
            }
            other => {
                c.i = at;
                return c.fail(format!("{other} is not a function attribute"));
            }
        }
    }
    if !has_body {
        return Err((end, "the routine has no body (AS …)".into()));
    }
    if f.language.is_empty() {
        if f.body
            .trim_start()
            .to_ascii_uppercase()
            .starts_with("RETURN")
            || f.body
                .trim_start()
                .to_ascii_uppercase()
                .starts_with("BEGIN")
        {
            f.language = "sql".into();
        } else {
            return Err((end, "the routine has no LANGUAGE".into()));
        }
    }
    if kind == RoutineKind::Procedure && f.returns.is_some() {
        return Err((end, "a procedure has no RETURNS".into()));
    }
    if kind == RoutineKind::Function && f.returns.is_none() {
        let outs: Vec<&Argument> = f
            .arguments
            .iter()
            .filter(|a| matches!(a.mode, ArgMode::Out | ArgMode::InOut))
            .collect();
        f.returns = Some(match outs.as_slice() {
            [] => return Err((end, "the function has no RETURNS".into())),
            [one] => one.ty.clone(),
            _ => "record".into(),
        });
    }
    Ok((f, warnings))
}

pub(crate) fn read_argument(c: &Cursor, from: usize, to: usize) -> Result<Argument, ReadError> {
    let mut k = from;
    let mut mode = ArgMode::In;
    let mode_of = |w: Option<String>| match w.as_deref() {
        Some("IN") => Some(ArgMode::In),
        Some("OUT") => Some(ArgMode::Out),
        Some("INOUT") => Some(ArgMode::InOut),
        Some("VARIADIC") => Some(ArgMode::Variadic),
        _ => None,
    };
    // `IN OUT` is `INOUT`.
    if let Some(m) = mode_of(c.word_at(k)).filter(|_| k + 1 < to) {
        mode = m;
        k += 1;
        if m == ArgMode::In && c.word_at(k).as_deref() == Some("OUT") && k + 1 < to {
            mode = ArgMode::InOut;
            k += 1;
        }
    }
    // The default, if any.
    let mut type_end = to;
    let mut default = None;
    let mut depth = 0usize;
    for j in k..to {
        match c.toks[j].kind {
            TokKind::Punct('(') | TokKind::Punct('[') => depth += 1,
            TokKind::Punct(')') | TokKind::Punct(']') => depth = depth.saturating_sub(1),
            TokKind::Punct('=') if depth == 0 => {
                type_end = j;
                default = Some(c.span(j + 1, to).to_string());
                break;
            }
            TokKind::Word if depth == 0 && c.word_at(j).as_deref() == Some("DEFAULT") => {
                type_end = j;
                default = Some(c.span(j + 1, to).to_string());
                break;
            }
            _ => {}
        }
    }
    // A name, when the first token is a plain name followed by more than a type modifier.
    let first_is_name = {
        let t = c.toks.get(k);
        let named_token = t.is_some_and(|t| matches!(t.kind, TokKind::Word | TokKind::Quoted));
        let next = c.toks.get(k + 1).map(|t| t.kind);
        let is_type_head = c
            .word_at(k)
            .is_some_and(|w| TYPE_HEADS.contains(&w.as_str()));
        named_token
            && k + 1 < type_end
            && !matches!(
                next,
                Some(TokKind::Punct('.'))
                    | Some(TokKind::Punct('('))
                    | Some(TokKind::Punct('['))
                    | Some(TokKind::Punct('%'))
            )
            && !is_type_head
    };
    let mut name = None;
    if first_is_name {
        let (parts, next) = name_chain(c.text, c.toks, k);
        name = parts.into_iter().next();
        k = next;
        // `name IN type` (mode after the name) is PostgreSQL too.
        if let Some(m) = mode_of(c.word_at(k)).filter(|_| k + 1 < type_end) {
            mode = m;
            k += 1;
        }
    }
    let ty = c.span(k, type_end).to_string();
    if ty.trim().is_empty() {
        return Err((c.toks[from].start, "an argument without a type".into()));
    }
    Ok(Argument {
        name,
        mode,
        ty,
        default: default.map(|d| d.trim().to_string()),
    })
}

/// A trigger as read, before its table's columns are resolved.
pub(crate) struct RawTrigger {
    pub name: String,
    pub table: (String, String),
    pub timing: TriggerTiming,
    pub events: Vec<TriggerEvent>,
    pub update_of: Vec<String>,
    pub for_each_row: bool,
    pub when: Option<String>,
    pub old_table: Option<String>,
    pub new_table: Option<String>,
    pub function: (String, String),
    pub arguments: Vec<String>,
}

/// Reads `CREATE [OR REPLACE] TRIGGER …` (not `CONSTRAINT TRIGGER`).
pub(crate) fn read_trigger(text: &str, toks: &[Tok], end: usize) -> Result<RawTrigger, ReadError> {
    let mut c = Cursor {
        text,
        toks,
        i: 0,
        end,
    };
    c.expect("CREATE")?;
    if c.eat("OR") {
        c.expect("REPLACE")?;
    }
    if c.is("CONSTRAINT") {
        return c.fail("constraint triggers are not modelled");
    }
    c.expect("TRIGGER")?;
    let (parts, next) = name_chain(text, toks, c.i);
    let [name] = parts.as_slice() else {
        return c.fail("expected the trigger's name");
    };
    let name = name.clone();
    c.i = next;
    let timing = if c.eat("BEFORE") {
        TriggerTiming::Before
    } else if c.eat("AFTER") {
        TriggerTiming::After
    } else if c.eat("INSTEAD") {
        c.expect("OF")?;
        TriggerTiming::InsteadOf
    } else {
        return c.fail("expected BEFORE, AFTER or INSTEAD OF");
    };
    let mut events = Vec::new();
    let mut update_of = Vec::new();
    loop {
        let ev = match c.word().as_deref() {
            Some("INSERT") => TriggerEvent::Insert,
            Some("UPDATE") => TriggerEvent::Update,
            Some("DELETE") => TriggerEvent::Delete,
            Some("TRUNCATE") => TriggerEvent::Truncate,
            _ => return c.fail("expected INSERT, UPDATE, DELETE or TRUNCATE"),
        };
        c.i += 1;
        if ev == TriggerEvent::Update && c.eat("OF") {
            loop {
                let (parts, next) = name_chain(text, toks, c.i);
                let [col] = parts.as_slice() else {
                    return c.fail("expected a column name");
                };
                update_of.push(col.clone());
                c.i = next;
                if c.is_punct(',') {
                    c.i += 1;
                } else {
                    break;
                }
            }
        }
        if !events.contains(&ev) {
            events.push(ev);
        }
        if !c.eat("OR") {
            break;
        }
    }
    c.expect("ON")?;
    let table = c.qualified()?;
    let mut for_each_row = false;
    let mut when = None;
    let (mut old_table, mut new_table) = (None, None);
    loop {
        if c.eat("REFERENCING") {
            while c.is("OLD") || c.is("NEW") {
                let old = c.is("OLD");
                c.i += 1;
                if !(c.eat("TABLE") || c.eat("ROW")) {
                    return c.fail("expected TABLE");
                }
                c.eat("AS");
                let (parts, next) = name_chain(text, toks, c.i);
                let [n] = parts.as_slice() else {
                    return c.fail("expected a transition table name");
                };
                c.i = next;
                if old {
                    old_table = Some(n.clone());
                } else {
                    new_table = Some(n.clone());
                }
            }
        } else if c.eat("FOR") {
            c.eat("EACH");
            for_each_row = if c.eat("ROW") {
                true
            } else if c.eat("STATEMENT") {
                false
            } else {
                return c.fail("expected ROW or STATEMENT");
            };
        } else if c.eat("WHEN") {
            if !c.is_punct('(') {
                return c.fail("expected ( after WHEN");
            }
            let close = c.closing(c.i)?;
            when = Some(c.span(c.i + 1, close).trim().to_string());
            c.i = close + 1;
        } else if c.is("FROM") || c.is("DEFERRABLE") || c.is("INITIALLY") || c.is("NOT") {
            return c.fail("constraint trigger clauses are not modelled");
        } else {
            break;
        }
    }
    c.expect("EXECUTE")?;
    if !(c.eat("FUNCTION") || c.eat("PROCEDURE")) {
        return c.fail("expected FUNCTION");
    }
    let function = c.qualified()?;
    if !c.is_punct('(') {
        return c.fail("expected ( after the function name");
    }
    let close = c.closing(c.i)?;
    let mut arguments = Vec::new();
    for (a, b) in c.comma_groups(c.i + 1, close) {
        let t = &toks[a];
        let v = match t.kind {
            TokKind::Str => string_value(c.raw(t)).unwrap_or_default(),
            _ => c.span(a, b).to_string(),
        };
        arguments.push(v);
    }
    c.i = close + 1;
    if c.i < toks.len() {
        return c.fail("unexpected text after the trigger's function call");
    }
    Ok(RawTrigger {
        name,
        table,
        timing,
        events,
        update_of,
        for_each_row,
        when,
        old_table,
        new_table,
        function,
        arguments,
    })
}

/// The one statement of `text`, tokenized.
pub(crate) fn one_statement(text: &str) -> Result<(Vec<Tok>, usize), String> {
    let (stmts, errors) = split(text);
    if let Some(e) = errors.first() {
        return Err(e.message.clone());
    }
    match stmts.as_slice() {
        [one] => Ok((one.toks.clone(), one.end)),
        _ => Err("expected one statement".into()),
    }
}

/// One argument declaration (`[mode] [name] type [DEFAULT …]`) read from its own text.
pub(crate) fn argument_of(text: &str) -> Option<Argument> {
    let (toks, end) = one_statement(text).ok()?;
    let c = Cursor {
        text,
        toks: &toks,
        i: 0,
        end,
    };
    read_argument(&c, 0, toks.len()).ok()
}
