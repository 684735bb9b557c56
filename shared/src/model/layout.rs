//! The diagram layout, kept beside the schema so moving things never produces SQL.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Id;

/// Positions, colors, notes and groups of the diagram.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Layout {
    /// Where each table, view or enum card is drawn, by object id.
    #[serde(default)]
    pub placements: BTreeMap<Id, Placement>,
    /// Free-standing sticky notes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// Named, colored groups of tables.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
    /// What the designer gives new objects in this project (kept with the layout: it never
    /// produces SQL by itself).
    #[serde(default, skip_serializing_if = "Conventions::is_default")]
    pub conventions: Conventions,
}

/// A project's conventions for new objects. The defaults are the Drizzle-style backend's: uuid
/// keys, a `created_at timestamptz`, and foreign keys that cascade.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conventions {
    /// The key a new table starts with.
    #[serde(default)]
    pub primary_key: KeyStyle,
    /// The audit columns a new table starts with.
    #[serde(default)]
    pub audit: AuditColumns,
    /// `ON DELETE` of a new foreign key (drawn on the canvas or added in the editor).
    #[serde(default = "cascade")]
    pub on_delete: super::ReferentialAction,
    /// How tables, columns, enums and views are named; names that do not follow it are pointed
    /// out (never refused).
    #[serde(default)]
    pub naming: Naming,
}

/// A naming convention for tables, columns, enums and views.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Naming {
    /// `lower_snake_case` (what Drizzle's `casing: 'snake_case'` and PostgreSQL's unquoted
    /// identifiers expect).
    #[default]
    SnakeCase,
    /// Anything goes.
    Any,
}

crate::unit_enum::unit_enum!(Naming {
    SnakeCase = "snake_case",
    Any = "any",
});

fn cascade() -> super::ReferentialAction {
    super::ReferentialAction::Cascade
}

impl Default for Conventions {
    fn default() -> Self {
        Conventions {
            primary_key: KeyStyle::default(),
            audit: AuditColumns::default(),
            on_delete: cascade(),
            naming: Naming::default(),
        }
    }
}

impl Conventions {
    fn is_default(&self) -> bool {
        *self == Conventions::default()
    }
}

/// The primary key of a new table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyStyle {
    /// `id uuid PRIMARY KEY DEFAULT gen_random_uuid()`.
    #[default]
    Uuid,
    /// `id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY`.
    BigintIdentity,
    /// No key column.
    None,
}

crate::unit_enum::unit_enum!(KeyStyle {
    Uuid = "uuid",
    BigintIdentity = "bigint_identity",
    None = "none",
});

/// The audit columns of a new table (`timestamptz`, `now()` defaults).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditColumns {
    /// None.
    None,
    /// `created_at NOT NULL`.
    #[default]
    CreatedAt,
    /// `created_at`, `updated_at`.
    CreatedUpdated,
    /// `created_at`, `updated_at` and a nullable `deleted_at` for soft deletes.
    SoftDelete,
}

crate::unit_enum::unit_enum!(AuditColumns {
    None = "none",
    CreatedAt = "created_at",
    CreatedUpdated = "created_updated",
    SoftDelete = "soft_delete",
});

/// Where one card sits on the canvas.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Placement {
    /// Left edge, canvas units.
    pub x: f64,
    /// Top edge, canvas units.
    pub y: f64,
    /// Header color as CSS (`#3b82f6`), if chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}

/// A sticky note on the canvas.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// Stable identity.
    pub id: Id,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
    /// The note's text.
    pub text: String,
    /// Background color as CSS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}

/// A named group of tables drawn as a labelled area.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// Stable identity.
    pub id: Id,
    /// Label.
    pub name: String,
    /// Member table ids.
    pub tables: Vec<Id>,
    /// Color as CSS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}
