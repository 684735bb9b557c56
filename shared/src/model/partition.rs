//! Declarative partitioning: a partitioned table's key, and its partitions with their bounds.
//!
//! A partition has the parent's columns, keys and indexes (PostgreSQL creates them on every
//! partition), so the model keeps a partition as its name and bound on the parent: the canvas
//! draws one table with its partitions, and the diff adds, detaches or drops partitions.

use serde::{Deserialize, Serialize};

use super::{default_schema, Id};

/// `PARTITION BY RANGE | LIST | HASH`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartitionStrategy {
    /// `RANGE`.
    Range,
    /// `LIST`.
    List,
    /// `HASH`.
    Hash,
}

crate::unit_enum::unit_enum!(PartitionStrategy {
    Range = "range",
    List = "list",
    Hash = "hash",
});

impl PartitionStrategy {
    /// The keyword.
    pub fn sql(&self) -> &'static str {
        match self {
            PartitionStrategy::Range => "RANGE",
            PartitionStrategy::List => "LIST",
            PartitionStrategy::Hash => "HASH",
        }
    }

    /// Reads `RANGE`, `LIST` or `HASH` (any case).
    pub fn parse(word: &str) -> Option<PartitionStrategy> {
        match word.to_ascii_uppercase().as_str() {
            "RANGE" => Some(PartitionStrategy::Range),
            "LIST" => Some(PartitionStrategy::List),
            "HASH" => Some(PartitionStrategy::Hash),
            _ => None,
        }
    }
}

/// How a table is partitioned: `PARTITION BY <strategy> (<key>)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partitioning {
    /// The strategy.
    pub strategy: PartitionStrategy,
    /// The key, SQL text inside the parentheses (`payment_date`, `lower(email)`).
    pub key: String,
}

/// One partition of a partitioned table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partition {
    /// Stable identity.
    pub id: Id,
    /// The namespace name (`public` unless stated).
    #[serde(default = "default_schema")]
    pub schema: String,
    /// The partition's (table) name.
    pub name: String,
    /// `FOR VALUES …` or `DEFAULT`, as PostgreSQL prints it.
    pub bound: String,
    /// `COMMENT ON TABLE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl Partition {
    /// A partition's derived id.
    pub fn derive_id(schema: &str, name: &str) -> Id {
        Id::derived("partition", &[schema, name])
    }

    /// Its bound with the spacing and keyword case PostgreSQL prints (`FOR VALUES FROM (…) TO
    /// (…)`, `FOR VALUES IN (…)`, `FOR VALUES WITH (modulus 4, remainder 0)`, `DEFAULT`): a
    /// comparison key, literals kept as written.
    pub fn bound_key(&self) -> String {
        let mut out = String::new();
        let mut quoted = false;
        let mut last_space = true;
        for ch in self.bound.trim().chars() {
            if ch == '\'' {
                quoted = !quoted;
            }
            if !quoted && ch.is_whitespace() {
                if !last_space {
                    out.push(' ');
                }
                last_space = true;
                continue;
            }
            last_space = false;
            out.push(if quoted { ch } else { ch.to_ascii_lowercase() });
        }
        out.replace("( ", "(").replace(" )", ")").replace(" ,", ",")
    }
}
