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
}

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
