//! Functions, procedures and triggers.
//!
//! A routine's body stays text (PL/pgSQL, SQL, ...): Joinery does not interpret it, it only keeps
//! it, compares it and prints it back. Its signature is data, because the signature decides what
//! PostgreSQL lets a migration do: `CREATE OR REPLACE` may change the body and the attributes, but
//! not the argument types (those name another function), the result type or the argument names.
//!
//! Text fields hold the canonical spelling PostgreSQL's own `pg_get_functiondef` and
//! `pg_get_triggerdef` print (types as `format_type` spells them, `public.` left out), so an
//! imported file and an introspected database compare equal.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{default_schema, Id};

/// `CREATE FUNCTION` or `CREATE PROCEDURE`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RoutineKind {
    /// A function (the default).
    #[default]
    Function,
    /// A procedure (`CALL`ed, no result type).
    Procedure,
    /// An aggregate (`CREATE AGGREGATE`): its definition is [`Function::aggregate`], it has no
    /// language or body of its own.
    Aggregate,
}

crate::unit_enum::unit_enum!(RoutineKind {
    Function = "function",
    Procedure = "procedure",
    Aggregate = "aggregate",
});

impl RoutineKind {
    /// The keyword.
    pub fn sql(&self) -> &'static str {
        match self {
            RoutineKind::Function => "FUNCTION",
            RoutineKind::Procedure => "PROCEDURE",
            RoutineKind::Aggregate => "AGGREGATE",
        }
    }

    /// The keyword `GRANT … ON` takes: aggregates are granted on as functions.
    pub fn grant_keyword(&self) -> &'static str {
        match self {
            RoutineKind::Procedure => "PROCEDURE",
            RoutineKind::Function | RoutineKind::Aggregate => "FUNCTION",
        }
    }
}

/// An argument's mode.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ArgMode {
    /// `IN` (the default).
    #[default]
    In,
    /// `OUT`: part of the result, not of the identity.
    Out,
    /// `INOUT`.
    InOut,
    /// `VARIADIC`.
    Variadic,
}

crate::unit_enum::unit_enum!(ArgMode {
    In = "in",
    Out = "out",
    InOut = "in_out",
    Variadic = "variadic",
});

impl ArgMode {
    /// The keyword, empty for `IN`.
    pub fn sql(&self) -> &'static str {
        match self {
            ArgMode::In => "",
            ArgMode::Out => "OUT",
            ArgMode::InOut => "INOUT",
            ArgMode::Variadic => "VARIADIC",
        }
    }

    /// Whether the argument is part of the call signature (all but `OUT`).
    pub fn is_input(&self) -> bool {
        *self != ArgMode::Out
    }
}

/// One argument of a routine.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Argument {
    /// The name, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `IN`, `OUT`, `INOUT`, `VARIADIC`.
    #[serde(default, skip_serializing_if = "is_in")]
    pub mode: ArgMode,
    /// The type, e.g. `integer`, `text[]`, `auth.role` (without type modifiers: PostgreSQL drops
    /// them on arguments).
    #[serde(rename = "type")]
    pub ty: String,
    /// `DEFAULT …`, SQL text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

fn is_in(m: &ArgMode) -> bool {
    *m == ArgMode::In
}

/// `VOLATILE`, `STABLE` or `IMMUTABLE`: what the planner may assume about repeated calls.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Volatility {
    /// `VOLATILE` (the default).
    #[default]
    Volatile,
    /// `STABLE`.
    Stable,
    /// `IMMUTABLE`.
    Immutable,
}

crate::unit_enum::unit_enum!(Volatility {
    Volatile = "volatile",
    Stable = "stable",
    Immutable = "immutable",
});

impl Volatility {
    /// The keyword.
    pub fn sql(&self) -> &'static str {
        match self {
            Volatility::Volatile => "VOLATILE",
            Volatility::Stable => "STABLE",
            Volatility::Immutable => "IMMUTABLE",
        }
    }
}

/// `PARALLEL UNSAFE | RESTRICTED | SAFE`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Parallel {
    /// `PARALLEL UNSAFE` (the default).
    #[default]
    Unsafe,
    /// `PARALLEL RESTRICTED`.
    Restricted,
    /// `PARALLEL SAFE`.
    Safe,
}

crate::unit_enum::unit_enum!(Parallel {
    Unsafe = "unsafe",
    Restricted = "restricted",
    Safe = "safe",
});

impl Parallel {
    /// The keyword after `PARALLEL`.
    pub fn sql(&self) -> &'static str {
        match self {
            Parallel::Unsafe => "UNSAFE",
            Parallel::Restricted => "RESTRICTED",
            Parallel::Safe => "SAFE",
        }
    }
}

/// A function or procedure (`CREATE FUNCTION`, `CREATE PROCEDURE`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Function {
    /// Stable identity; derived from the name and the input argument types, since overloads
    /// share a name.
    pub id: Id,
    /// The namespace name (`public` unless stated).
    #[serde(default = "default_schema")]
    pub schema: String,
    /// The name.
    pub name: String,
    /// Function or procedure.
    #[serde(default, skip_serializing_if = "is_function")]
    pub kind: RoutineKind,
    /// Arguments in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub arguments: Vec<Argument>,
    /// The result type as PostgreSQL prints it (`integer`, `SETOF text`, `trigger`,
    /// `TABLE(id integer, name text)`); `None` for a procedure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returns: Option<String>,
    /// `LANGUAGE`, lower case (`plpgsql`, `sql`).
    pub language: String,
    /// The body, verbatim: what is between the dollar quotes (or the literal's content), or a
    /// whole `BEGIN ATOMIC … END` block.
    pub body: String,
    /// `VOLATILE` / `STABLE` / `IMMUTABLE`.
    #[serde(default, skip_serializing_if = "is_volatile")]
    pub volatility: Volatility,
    /// `STRICT` (`RETURNS NULL ON NULL INPUT`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub strict: bool,
    /// `SECURITY DEFINER`: runs with its owner's rights, so it changes who can do what.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub security_definer: bool,
    /// `LEAKPROOF`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub leakproof: bool,
    /// `PARALLEL …`.
    #[serde(default, skip_serializing_if = "is_unsafe")]
    pub parallel: Parallel,
    /// `SET name = value, …` settings in force while it runs (`search_path` above all), each
    /// value as its list of items.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub config: BTreeMap<String, Vec<String>>,
    /// `COMMENT ON FUNCTION`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Privileges granted on it (`EXECUTE` for `public` unless revoked).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grants: Vec<super::Grant>,
    /// An aggregate's definition (state function and type, and the rest); `None` for a function
    /// or procedure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aggregate: Option<Aggregate>,
}

/// What `CREATE AGGREGATE name(args) (…)` says beyond the name and arguments.
///
/// The state function and type are data; the other options (`FINALFUNC`, `INITCOND`,
/// `COMBINEFUNC`, the moving-aggregate ones, …) are kept by their upper-case keyword with their
/// value as PostgreSQL would print it (routine names without `public.`, types as `format_type`
/// spells them, `INITCOND` unquoted, flags such as `FINALFUNC_EXTRA` with an empty value).
/// `PARALLEL` is [`Function::parallel`], as for any routine.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Aggregate {
    /// `SFUNC`: the state transition function.
    pub sfunc: String,
    /// `STYPE`: the state's type.
    pub stype: String,
    /// The other options, by keyword.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub options: BTreeMap<String, String>,
}

impl Aggregate {
    /// The options `CREATE AGGREGATE` takes, besides `SFUNC`, `STYPE` and `PARALLEL`; the
    /// `bool` says whether it is a flag without a value.
    pub const OPTIONS: &'static [(&'static str, bool)] = &[
        ("SSPACE", false),
        ("FINALFUNC", false),
        ("FINALFUNC_EXTRA", true),
        ("FINALFUNC_MODIFY", false),
        ("COMBINEFUNC", false),
        ("SERIALFUNC", false),
        ("DESERIALFUNC", false),
        ("INITCOND", false),
        ("MSFUNC", false),
        ("MINVFUNC", false),
        ("MSTYPE", false),
        ("MSSPACE", false),
        ("MFINALFUNC", false),
        ("MFINALFUNC_EXTRA", true),
        ("MFINALFUNC_MODIFY", false),
        ("MINITCOND", false),
        ("SORTOP", false),
    ];

    /// The routine-valued options: the functions the aggregate calls.
    pub const ROUTINE_OPTIONS: &'static [&'static str] = &[
        "FINALFUNC",
        "COMBINEFUNC",
        "SERIALFUNC",
        "DESERIALFUNC",
        "MSFUNC",
        "MINVFUNC",
        "MFINALFUNC",
    ];

    /// The names of the routines it calls (`SFUNC` and the routine-valued options), as written.
    pub fn routines(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.sfunc.as_str()).chain(
            Self::ROUTINE_OPTIONS
                .iter()
                .filter_map(|k| self.options.get(*k).map(String::as_str)),
        )
    }
}

fn is_function(k: &RoutineKind) -> bool {
    *k == RoutineKind::Function
}
fn is_volatile(v: &Volatility) -> bool {
    *v == Volatility::Volatile
}
fn is_unsafe(p: &Parallel) -> bool {
    *p == Parallel::Unsafe
}

impl Function {
    /// The input argument types joined with `, `: what tells overloads apart.
    pub fn identity_arguments(&self) -> String {
        self.arguments
            .iter()
            .filter(|a| a.mode.is_input())
            .map(|a| a.ty.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The derived id of a routine named `schema.name` taking `identity_arguments`.
    pub fn derive_id(schema: &str, name: &str, identity_arguments: &str) -> Id {
        Id::derived("function", &[schema, name, identity_arguments])
    }

    /// Whether PostgreSQL can change `self` into `other` with `CREATE OR REPLACE`: same kind,
    /// same input types, same result, same argument names, no argument default removed.
    pub fn replaceable_by(&self, other: &Function) -> bool {
        let names = |f: &Function| -> Vec<(ArgMode, Option<String>, String)> {
            f.arguments
                .iter()
                .map(|a| (a.mode, a.name.clone(), a.ty.clone()))
                .collect()
        };
        let defaults_kept = self
            .arguments
            .iter()
            .zip(&other.arguments)
            .all(|(a, b)| a.default.is_none() || b.default.is_some());
        // `CREATE OR REPLACE AGGREGATE` keeps the arguments and the result, which the state type
        // and final function decide.
        let same_result = match (&self.aggregate, &other.aggregate) {
            (Some(a), Some(b)) => {
                a.stype == b.stype && a.options.get("FINALFUNC") == b.options.get("FINALFUNC")
            }
            (None, None) => true,
            _ => false,
        };
        self.kind == other.kind
            && same_result
            && self.identity_arguments() == other.identity_arguments()
            && self.returns == other.returns
            && names(self) == names(other)
            && defaults_kept
    }
}

/// `BEFORE`, `AFTER` or `INSTEAD OF`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerTiming {
    /// `BEFORE`.
    #[default]
    Before,
    /// `AFTER`.
    After,
    /// `INSTEAD OF` (views only).
    InsteadOf,
}

crate::unit_enum::unit_enum!(TriggerTiming {
    Before = "before",
    After = "after",
    InsteadOf = "instead_of",
});

impl TriggerTiming {
    /// The keywords.
    pub fn sql(&self) -> &'static str {
        match self {
            TriggerTiming::Before => "BEFORE",
            TriggerTiming::After => "AFTER",
            TriggerTiming::InsteadOf => "INSTEAD OF",
        }
    }
}

/// An event a trigger fires on; kept in PostgreSQL's order (insert, delete, update, truncate).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerEvent {
    /// `INSERT`.
    Insert,
    /// `DELETE`.
    Delete,
    /// `UPDATE` (with [`Trigger::update_of`] columns, if any).
    Update,
    /// `TRUNCATE`.
    Truncate,
}

crate::unit_enum::unit_enum!(TriggerEvent {
    Insert = "insert",
    Delete = "delete",
    Update = "update",
    Truncate = "truncate",
});

impl TriggerEvent {
    /// The keyword.
    pub fn sql(&self) -> &'static str {
        match self {
            TriggerEvent::Insert => "INSERT",
            TriggerEvent::Delete => "DELETE",
            TriggerEvent::Update => "UPDATE",
            TriggerEvent::Truncate => "TRUNCATE",
        }
    }
}

/// A trigger on a table (`CREATE TRIGGER`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    /// Stable identity.
    pub id: Id,
    /// The name, unique per table.
    pub name: String,
    /// `BEFORE` / `AFTER` / `INSTEAD OF`.
    pub timing: TriggerTiming,
    /// Events, in PostgreSQL's order, without repeats.
    pub events: Vec<TriggerEvent>,
    /// `UPDATE OF` column ids: the trigger follows a column rename, and a plan that drops one
    /// of them must drop the trigger.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub update_of: Vec<Id>,
    /// `FOR EACH ROW` (else `FOR EACH STATEMENT`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub for_each_row: bool,
    /// `WHEN (…)`, the condition's SQL text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// `REFERENCING OLD TABLE AS …`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_table: Option<String>,
    /// `REFERENCING NEW TABLE AS …`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_table: Option<String>,
    /// The trigger function's namespace.
    #[serde(default = "default_schema")]
    pub function_schema: String,
    /// The trigger function's name (it takes no arguments and returns `trigger`).
    pub function: String,
    /// The literal arguments passed to it (`TG_ARGV`), unquoted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub arguments: Vec<String>,
    /// `COMMENT ON TRIGGER`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl Trigger {
    /// A trigger's derived id.
    pub fn derive_id(schema: &str, table: &str, name: &str) -> Id {
        Id::derived("trigger", &[schema, table, name])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(args: &[(&str, &str)], returns: &str) -> Function {
        Function {
            grants: Default::default(),
            id: Id::new("fn_1"),
            schema: "public".into(),
            name: "f".into(),
            kind: RoutineKind::Function,
            arguments: args
                .iter()
                .map(|(n, t)| Argument {
                    name: Some(n.to_string()),
                    ty: t.to_string(),
                    ..Argument::default()
                })
                .collect(),
            returns: Some(returns.into()),
            language: "sql".into(),
            body: "select 1".into(),
            volatility: Volatility::Volatile,
            strict: false,
            security_definer: false,
            leakproof: false,
            parallel: Parallel::Unsafe,
            config: BTreeMap::new(),
            comment: None,
            aggregate: None,
        }
    }

    #[test]
    fn replace_rules_follow_postgres() {
        let a = f(&[("a", "integer")], "integer");
        let mut body = a.clone();
        body.body = "select 2".into();
        body.volatility = Volatility::Stable;
        assert!(a.replaceable_by(&body));
        assert!(!a.replaceable_by(&f(&[("b", "integer")], "integer")));
        assert!(!a.replaceable_by(&f(&[("a", "bigint")], "integer")));
        assert!(!a.replaceable_by(&f(&[("a", "integer")], "bigint")));
        let mut with_default = a.clone();
        with_default.arguments[0].default = Some("1".into());
        assert!(a.replaceable_by(&with_default));
        assert!(!with_default.replaceable_by(&a));
        assert_eq!(a.identity_arguments(), "integer");
        let json = serde_json::to_string(&a).unwrap();
        assert!(!json.contains("volatility") && !json.contains("kind"));
    }
}
