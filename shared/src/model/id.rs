//! Stable object identities.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A stable, opaque object identity that survives renames.
///
/// Objects made in the designer get random ids ([`Id::from_random_bytes`]); objects read from SQL or
/// a live database get ids derived from their kind and qualified name ([`Id::derived`]), so two
/// imports of the same schema agree on ids and a diff between them matches objects by name.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(pub String);

impl Id {
    /// Wraps an existing id string.
    pub fn new(id: impl Into<String>) -> Self {
        Id(id.into())
    }

    /// A deterministic id for an object of `kind` (`"table"`, `"column"`, ...) named by `path`.
    pub fn derived(kind: &str, path: &[&str]) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(kind.as_bytes());
        for part in path {
            hasher.update([0u8]);
            hasher.update(part.as_bytes());
        }
        let digest = hasher.finalize();
        Id::prefixed(kind, &digest[..8])
    }

    /// A fresh id from caller-supplied randomness (shared does no I/O, so the caller brings it).
    pub fn from_random_bytes(kind: &str, bytes: [u8; 8]) -> Self {
        Id::prefixed(kind, &bytes)
    }

    /// `<prefix>_<bytes in lower-case hex>`.
    fn prefixed(kind: &str, bytes: &[u8]) -> Self {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let prefix = prefix(kind);
        let mut s = String::with_capacity(prefix.len() + 1 + 2 * bytes.len());
        s.push_str(prefix);
        s.push('_');
        for b in bytes {
            s.push(HEX[usize::from(b >> 4)] as char);
            s.push(HEX[usize::from(b & 15)] as char);
        }
        Id(s)
    }

    /// The id text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Id {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn prefix(kind: &str) -> &str {
    match kind {
        "namespace" => "ns",
        "enum" => "en",
        "enum_value" => "ev",
        "table" => "tb",
        "column" => "co",
        "primary_key" => "pk",
        "unique" => "uq",
        "check" => "ck",
        "foreign_key" => "fk",
        "index" => "ix",
        "view" => "vw",
        "sequence" => "sq",
        "note" => "nt",
        "group" => "gr",
        _ => "ob",
    }
}

/// Conventional derived ids, shared by the SQL importer and live introspection so that the same
/// schema read either way gets the same ids (and a diff between them matches by name).
impl Id {
    /// A namespace's derived id.
    pub fn for_namespace(schema: &str) -> Self {
        Id::derived("namespace", &[schema])
    }
    /// An enum type's derived id.
    pub fn for_enum(schema: &str, name: &str) -> Self {
        Id::derived("enum", &[schema, name])
    }
    /// An enum label's derived id.
    pub fn for_enum_value(schema: &str, enum_name: &str, value: &str) -> Self {
        Id::derived("enum_value", &[schema, enum_name, value])
    }
    /// A table's derived id.
    pub fn for_table(schema: &str, table: &str) -> Self {
        Id::derived("table", &[schema, table])
    }
    /// A column's derived id.
    pub fn for_column(schema: &str, table: &str, column: &str) -> Self {
        Id::derived("column", &[schema, table, column])
    }
    /// A primary key's derived id (a table has at most one).
    pub fn for_primary_key(schema: &str, table: &str) -> Self {
        Id::derived("primary_key", &[schema, table])
    }
    /// A named constraint's derived id; `kind` is `"unique"`, `"check"` or `"foreign_key"`.
    pub fn for_constraint(kind: &str, schema: &str, table: &str, name: &str) -> Self {
        Id::derived(kind, &[schema, table, name])
    }
    /// A row-level security policy's derived id.
    pub fn for_policy(schema: &str, table: &str, name: &str) -> Self {
        Id::derived("policy", &[schema, table, name])
    }
    /// An index's derived id.
    pub fn for_index(schema: &str, table: &str, name: &str) -> Self {
        Id::derived("index", &[schema, table, name])
    }
    /// A view's derived id.
    pub fn for_view(schema: &str, name: &str) -> Self {
        Id::derived("view", &[schema, name])
    }
    /// A standalone sequence's derived id.
    pub fn for_sequence(schema: &str, name: &str) -> Self {
        Id::derived("sequence", &[schema, name])
    }
}

#[cfg(test)]
mod tests {
    use super::Id;

    #[test]
    fn derived_ids_are_deterministic_and_distinguish_paths() {
        let a = Id::derived("table", &["public", "users"]);
        assert_eq!(a, Id::derived("table", &["public", "users"]));
        assert_ne!(a, Id::derived("table", &["publi", "cusers"]));
        assert_ne!(a, Id::derived("view", &["public", "users"]));
        assert!(a.as_str().starts_with("tb_"));
        assert_eq!(a.as_str().len(), 3 + 16);
        let bytes = [0x00, 0x0f, 0x10, 0xab, 0xcd, 0xef, 0x7f, 0xff];
        assert_eq!(
            Id::from_random_bytes("column", bytes).as_str(),
            "co_000f10abcdef7fff"
        );
    }
}
