//! The importer's name-based raw model (what pass 1 builds, pass 2 turns into the model) and
//! the name helpers every statement kind uses: PostgreSQL's identifier folding, qualified names,
//! type text. A leaf: the statement modules and the builder depend on it, not the other way.

use sqlparser::ast::{ArrayElemTypeDef, DataType, Expr, Ident, ObjectName, ObjectNamePart};

use crate::model::{
    CheckOption, Identity, IndexMethod, NullsOrder, ReferentialAction, DEFAULT_SCHEMA,
};
use crate::naming::quote_ident;

/// A schema-qualified name, folded the way PostgreSQL folds identifiers.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct QName {
    pub schema: String,
    pub name: String,
}

/// Where a statement starts and what it is, for diagnostics raised later.
#[derive(Clone, Debug)]
pub(crate) struct Loc {
    pub offset: usize,
    pub kind: String,
}

#[derive(Clone)]
pub(crate) struct RawColumn {
    pub name: String,
    pub data_type: sqlparser::ast::DataType,
    pub not_null: bool,
    /// The default's SQL text (`DEFAULT NULL` is no default).
    pub default: Option<String>,
    pub identity: Option<Identity>,
    /// The identity's sequence options as written (made canonical by normalisation).
    pub identity_options: crate::model::IdentityOptions,
    pub collation: Option<String>,
    pub generated: Option<String>,
    pub comment: Option<String>,
}

pub(crate) struct RawKey {
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub nulls_not_distinct: bool,
    pub deferrable: bool,
    pub initially_deferred: bool,
    pub loc: Loc,
}

pub(crate) struct RawCheck {
    pub name: Option<String>,
    pub expr: String,
    pub not_valid: bool,
    pub no_inherit: bool,
}

pub(crate) struct RawFk {
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub ref_table: QName,
    pub ref_columns: Vec<String>,
    pub on_delete: ReferentialAction,
    pub on_update: ReferentialAction,
    pub deferrable: bool,
    pub initially_deferred: bool,
    pub match_full: bool,
    pub not_valid: bool,
    pub loc: Loc,
}

pub(crate) enum RawIndexKey {
    Column(String),
    /// The expression text and what it contributes to PostgreSQL's implicit index name.
    Expression {
        text: String,
        name_part: String,
    },
}

pub(crate) struct RawIndexPart {
    pub key: RawIndexKey,
    pub descending: bool,
    pub nulls: Option<NullsOrder>,
    pub opclass: Option<String>,
    pub collation: Option<String>,
}

pub(crate) struct RawIndex {
    pub name: Option<String>,
    pub unique: bool,
    pub method: IndexMethod,
    pub parts: Vec<RawIndexPart>,
    pub include: Vec<String>,
    pub predicate: Option<String>,
    pub nulls_not_distinct: bool,
    pub storage: std::collections::BTreeMap<String, String>,
    pub comment: Option<String>,
    pub loc: Loc,
}

pub(crate) struct RawTable {
    pub qname: QName,
    pub columns: Vec<RawColumn>,
    pub primary_key: Option<RawKey>,
    pub uniques: Vec<RawKey>,
    pub checks: Vec<RawCheck>,
    pub foreign_keys: Vec<RawFk>,
    pub indexes: Vec<RawIndex>,
    pub comment: Option<String>,
    pub row_security: crate::model::RowSecurity,
    pub policies: Vec<crate::model::Policy>,
    /// Triggers as read, with where each was defined.
    pub triggers: Vec<(super::routines::RawTrigger, Loc)>,
    /// `COMMENT ON TRIGGER` by trigger name.
    pub trigger_comments: Vec<(String, Option<String>)>,
    /// `PARTITION BY …`.
    pub partition_by: Option<crate::model::Partitioning>,
    /// A partition: its parent and bound (`FOR VALUES …` or `DEFAULT`).
    pub partition_of: Option<(QName, String)>,
    /// Privileges granted on it.
    pub grants: Vec<crate::model::Grant>,
    pub loc: Loc,
}

pub(crate) struct RawEnum {
    pub qname: QName,
    pub values: Vec<String>,
    pub comment: Option<String>,
}

pub(crate) struct RawView {
    pub qname: QName,
    pub loc: Loc,
    pub columns: Vec<String>,
    pub query: String,
    pub materialized: bool,
    pub comment: Option<String>,
    pub check_option: Option<CheckOption>,
    /// Indexes of a materialized view; keys are column names or expressions.
    pub indexes: Vec<RawIndex>,
}

/// A domain as read; its base type is resolved against the file's enums when the model is
/// built.
pub(crate) struct RawDomain {
    pub qname: QName,
    pub base: String,
    pub not_null: bool,
    pub default: Option<String>,
    pub collation: Option<String>,
    /// (name, expression, not valid); unnamed checks get PostgreSQL's name when built.
    pub checks: Vec<(Option<String>, String, bool)>,
    pub comment: Option<String>,
}

/// A composite type as read; attribute types are resolved when the model is built.
pub(crate) struct RawComposite {
    pub qname: QName,
    /// (name, type text, collation).
    pub attributes: Vec<(String, String, Option<String>)>,
    pub comment: Option<String>,
}

pub(crate) struct RawSequence {
    pub qname: QName,
    pub owned_by: Option<(QName, String)>,
    /// `AS type`, when written.
    pub data_type: Option<crate::model::SequenceType>,
    /// The options as written (made canonical by normalisation).
    pub options: crate::model::IdentityOptions,
    pub comment: Option<String>,
    /// Privileges granted on it.
    pub grants: Vec<crate::model::Grant>,
    pub loc: Loc,
}

/// PostgreSQL's identifier folding: unquoted names are lower-cased (ASCII only, as in UTF-8
/// databases); quoted names are kept.
pub(crate) fn fold(ident: &Ident) -> String {
    if ident.quote_style.is_some() {
        ident.value.clone()
    } else {
        ident.value.to_ascii_lowercase()
    }
}

pub(crate) fn fold_name_part(part: &ObjectNamePart) -> String {
    match part {
        ObjectNamePart::Identifier(i) => fold(i),
        other => other.to_string(),
    }
}

/// The schema-qualified name; unqualified names are in `public` (pg_dump qualifies everything;
/// hand-written DDL relies on the default search path). A three-part `db.schema.name` drops the
/// database.
pub(crate) fn qname(name: &ObjectName) -> QName {
    let parts: Vec<String> = name.0.iter().map(fold_name_part).collect();
    match parts.len() {
        0 => QName {
            schema: DEFAULT_SCHEMA.to_string(),
            name: String::new(),
        },
        1 => QName {
            schema: DEFAULT_SCHEMA.to_string(),
            name: parts[0].clone(),
        },
        n => QName {
            schema: parts[n - 2].clone(),
            name: parts[n - 1].clone(),
        },
    }
}

/// The qualified name of a dotted name's parts (unqualified: `public`).
pub(crate) fn qname_of(parts: &[String]) -> QName {
    match parts {
        [name] => QName {
            schema: DEFAULT_SCHEMA.to_string(),
            name: name.clone(),
        },
        [.., schema, name] => QName {
            schema: schema.clone(),
            name: name.clone(),
        },
        [] => QName {
            schema: DEFAULT_SCHEMA.to_string(),
            name: String::new(),
        },
    }
}

/// An expression without one pair of redundant outer parentheses.
pub(crate) fn unwrap_nested(e: &Expr) -> &Expr {
    match e {
        Expr::Nested(inner) => inner,
        other => other,
    }
}

/// Something wrong found while applying a statement, reported at the statement.
pub(crate) enum Problem {
    Error(String),
    Warning(String),
}

pub(super) fn first_words(s: &str) -> String {
    s.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

pub(crate) fn show(q: &QName) -> String {
    format!("{}.{}", q.schema, q.name)
}

pub(super) fn parts_qname(parts: &[String]) -> QName {
    match parts.len() {
        0 => QName {
            schema: DEFAULT_SCHEMA.to_string(),
            name: String::new(),
        },
        1 => QName {
            schema: DEFAULT_SCHEMA.to_string(),
            name: parts[0].clone(),
        },
        n => QName {
            schema: parts[n - 2].clone(),
            name: parts[n - 1].clone(),
        },
    }
}

/// A type's SQL text for [`crate::normalize::parse_type_name`]: user type names folded and re-quoted as needed,
/// built-in types as sqlparser prints them.
pub(crate) fn type_text(dt: &DataType) -> String {
    match dt {
        DataType::Custom(name, mods) => {
            let parts: Vec<String> = name
                .0
                .iter()
                .map(|p| quote_ident(&fold_name_part(p)).into_owned())
                .collect();
            let mut s = parts.join(".");
            if !mods.is_empty() {
                let m: Vec<String> = mods.iter().map(|m| m.to_string()).collect();
                s.push_str(&format!("({})", m.join(",")));
            }
            s
        }
        DataType::Array(ArrayElemTypeDef::SquareBracket(inner, size)) => format!(
            "{}[{}]",
            type_text(inner),
            size.map(|s| s.to_string()).unwrap_or_default()
        ),
        DataType::Array(
            ArrayElemTypeDef::AngleBracket(inner)
            | ArrayElemTypeDef::Parenthesis(inner)
            | ArrayElemTypeDef::ParenthesisNotNull(inner),
        ) => format!("{}[]", type_text(inner)),
        // Built-in types print with upper-case keywords; PostgreSQL spells them in lower case.
        other => other.to_string().to_ascii_lowercase(),
    }
}

/// Points a column type (or array element type) named `old` at `new`.
pub(crate) fn rename_type(dt: &mut sqlparser::ast::DataType, old: &QName, new: &QName) {
    use sqlparser::ast::{ArrayElemTypeDef, DataType};
    match dt {
        DataType::Custom(name, mods) if mods.is_empty() && qname(name) == *old => {
            *name = ObjectName::from(vec![
                Ident::with_quote('"', new.schema.clone()),
                Ident::with_quote('"', new.name.clone()),
            ]);
        }
        DataType::Array(
            ArrayElemTypeDef::SquareBracket(inner, _)
            | ArrayElemTypeDef::AngleBracket(inner)
            | ArrayElemTypeDef::Parenthesis(inner)
            | ArrayElemTypeDef::ParenthesisNotNull(inner),
        ) => rename_type(inner, old, new),
        _ => {}
    }
}

/// The `(table, column)` of `OWNED BY [schema.]table.column`.
pub(crate) fn owned_target(parts: &[String]) -> Option<(QName, String)> {
    match parts.len() {
        2 => Some((
            QName {
                schema: DEFAULT_SCHEMA.to_string(),
                name: parts[0].clone(),
            },
            parts[1].clone(),
        )),
        n if n >= 3 => Some((
            QName {
                schema: parts[n - 3].clone(),
                name: parts[n - 2].clone(),
            },
            parts[n - 1].clone(),
        )),
        _ => None,
    }
}
