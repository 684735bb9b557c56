//! What `ALTER DOMAIN <name>` does, as data.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::naming::quote_ident;

/// One `ALTER DOMAIN` action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum DomainAction {
    /// `SET DEFAULT <expr>`.
    SetDefault {
        /// The expression.
        expression: String,
    },
    /// `DROP DEFAULT`.
    DropDefault,
    /// `SET NOT NULL`: checks every column of the domain.
    SetNotNull,
    /// `DROP NOT NULL`.
    DropNotNull,
    /// `ADD CONSTRAINT <name> CHECK (…) [NOT VALID]`.
    AddCheck {
        /// The constraint name, unquoted.
        name: String,
        /// `CONSTRAINT … CHECK (…) [NOT VALID]`, rendered by `ddl`.
        definition: String,
    },
    /// `DROP CONSTRAINT <name>`.
    DropCheck {
        /// The constraint name, unquoted.
        name: String,
    },
    /// `RENAME CONSTRAINT <from> TO <to>`.
    RenameCheck {
        /// Old name.
        from: String,
        /// New name.
        to: String,
    },
    /// `VALIDATE CONSTRAINT <name>`.
    ValidateCheck {
        /// The constraint name.
        name: String,
    },
}

impl fmt::Display for DomainAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DomainAction::SetDefault { expression } => write!(f, "SET DEFAULT {expression}"),
            DomainAction::DropDefault => f.write_str("DROP DEFAULT"),
            DomainAction::SetNotNull => f.write_str("SET NOT NULL"),
            DomainAction::DropNotNull => f.write_str("DROP NOT NULL"),
            DomainAction::AddCheck { definition, .. } => write!(f, "ADD {definition}"),
            DomainAction::DropCheck { name } => write!(f, "DROP CONSTRAINT {}", quote_ident(name)),
            DomainAction::RenameCheck { from, to } => write!(
                f,
                "RENAME CONSTRAINT {} TO {}",
                quote_ident(from),
                quote_ident(to)
            ),
            DomainAction::ValidateCheck { name } => {
                write!(f, "VALIDATE CONSTRAINT {}", quote_ident(name))
            }
        }
    }
}

impl DomainAction {
    /// The action undoing this one, when it needs nothing it does not carry.
    pub fn reverse(&self) -> Option<DomainAction> {
        Some(match self {
            DomainAction::SetNotNull => DomainAction::DropNotNull,
            DomainAction::DropNotNull => DomainAction::SetNotNull,
            DomainAction::AddCheck { name, .. } => DomainAction::DropCheck { name: name.clone() },
            DomainAction::RenameCheck { from, to } => DomainAction::RenameCheck {
                from: to.clone(),
                to: from.clone(),
            },
            _ => return None,
        })
    }
}
