//! Extensions the design installs (`CREATE EXTENSION`), besides those its column types and
//! defaults imply (which the planner installs whether or not they are listed).

use serde::{Deserialize, Serialize};

use super::{default_schema, DEFAULT_SCHEMA};

/// An extension.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    /// The extension's name (`citext`, `uuid-ossp`).
    pub name: String,
    /// The schema its objects go in (`WITH SCHEMA`).
    #[serde(default = "default_schema")]
    pub schema: String,
    /// `VERSION`, when the design pins one (introspection does not read it back).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

impl Extension {
    /// An extension installed in `public`, any version.
    pub fn new(name: &str) -> Extension {
        Extension {
            name: name.to_string(),
            schema: DEFAULT_SCHEMA.to_string(),
            version: None,
        }
    }
}
