//! One way to visit every top-level object kind of a [`Schema`].
//!
//! [`Schema::objects`] lists namespaces, enums, tables, views, sequences, functions and domains as [`ObjectRef`]s in
//! model order; [`TopLevel`] gives every schema-qualified kind its id, qualified name and
//! conventional (derived) id. Normalization, validation and id re-derivation go through these, so
//! a new kind is added here once instead of in each of them.

use super::{CompositeType, Domain, Enum, Function, Id, Namespace, Schema, Sequence, Table, View};

/// A schema-qualified top-level object: enum, table, view or sequence.
pub trait TopLevel {
    /// What it is, as people say it (`"table"`, `"sequence"`).
    const KIND: &'static str;
    /// Its id.
    fn id(&self) -> &Id;
    /// Its id, to replace.
    fn id_mut(&mut self) -> &mut Id;
    /// Its namespace.
    fn schema(&self) -> &str;
    /// Its name.
    fn name(&self) -> &str;
    /// The id the importer and introspection derive from its name (`Id::for_*`).
    fn derived_id(&self) -> Id;
    /// True for `pg_class` relations, whose names are unique per schema across kinds.
    fn is_relation(&self) -> bool;
}

macro_rules! top_level {
    ($ty:ty, $kind:literal, $derive:path, $relation:literal) => {
        impl TopLevel for $ty {
            const KIND: &'static str = $kind;
            fn id(&self) -> &Id {
                &self.id
            }
            fn id_mut(&mut self) -> &mut Id {
                &mut self.id
            }
            fn schema(&self) -> &str {
                &self.schema
            }
            fn name(&self) -> &str {
                &self.name
            }
            fn derived_id(&self) -> Id {
                $derive(&self.schema, &self.name)
            }
            fn is_relation(&self) -> bool {
                $relation
            }
        }
    };
}

top_level!(Enum, "enum", Id::for_enum, false);
top_level!(Table, "table", Id::for_table, true);
top_level!(View, "view", Id::for_view, true);
top_level!(Sequence, "sequence", Id::for_sequence, true);
top_level!(Domain, "domain", Domain::derive_id, false);
top_level!(CompositeType, "type", CompositeType::derive_id, false);

impl TopLevel for Function {
    const KIND: &'static str = "function";
    fn id(&self) -> &Id {
        &self.id
    }
    fn id_mut(&mut self) -> &mut Id {
        &mut self.id
    }
    fn schema(&self) -> &str {
        &self.schema
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn derived_id(&self) -> Id {
        Function::derive_id(&self.schema, &self.name, &self.identity_arguments())
    }
    fn is_relation(&self) -> bool {
        false
    }
}

/// A reference to one top-level object of a schema.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ObjectRef<'a> {
    /// A namespace.
    Namespace(&'a Namespace),
    /// An enum type.
    Enum(&'a Enum),
    /// A table.
    Table(&'a Table),
    /// A view.
    View(&'a View),
    /// A standalone sequence.
    Sequence(&'a Sequence),
    /// A function or procedure.
    Function(&'a Function),
    /// A domain.
    Domain(&'a Domain),
    /// A composite type.
    Composite(&'a CompositeType),
}

impl<'a> ObjectRef<'a> {
    /// Its id.
    pub fn id(&self) -> &'a Id {
        match *self {
            ObjectRef::Namespace(n) => &n.id,
            ObjectRef::Enum(o) => o.id(),
            ObjectRef::Table(o) => o.id(),
            ObjectRef::View(o) => o.id(),
            ObjectRef::Sequence(o) => o.id(),
            ObjectRef::Function(o) => o.id(),
            ObjectRef::Domain(o) => o.id(),
            ObjectRef::Composite(o) => o.id(),
        }
    }

    /// Its namespace (a namespace's is its own name).
    pub fn schema(&self) -> &'a str {
        match *self {
            ObjectRef::Namespace(n) => &n.name,
            ObjectRef::Enum(o) => o.schema(),
            ObjectRef::Table(o) => o.schema(),
            ObjectRef::View(o) => o.schema(),
            ObjectRef::Sequence(o) => o.schema(),
            ObjectRef::Function(o) => o.schema(),
            ObjectRef::Domain(o) => o.schema(),
            ObjectRef::Composite(o) => o.schema(),
        }
    }

    /// Its name.
    pub fn name(&self) -> &'a str {
        match *self {
            ObjectRef::Namespace(n) => &n.name,
            ObjectRef::Enum(o) => o.name(),
            ObjectRef::Table(o) => o.name(),
            ObjectRef::View(o) => o.name(),
            ObjectRef::Sequence(o) => o.name(),
            ObjectRef::Function(o) => o.name(),
            ObjectRef::Domain(o) => o.name(),
            ObjectRef::Composite(o) => o.name(),
        }
    }

    /// What it is, as people say it.
    pub fn kind(&self) -> &'static str {
        match self {
            ObjectRef::Namespace(_) => "schema",
            ObjectRef::Enum(_) => Enum::KIND,
            ObjectRef::Table(_) => Table::KIND,
            ObjectRef::View(_) => View::KIND,
            ObjectRef::Sequence(_) => Sequence::KIND,
            ObjectRef::Function(_) => Function::KIND,
            ObjectRef::Domain(_) => Domain::KIND,
            ObjectRef::Composite(_) => CompositeType::KIND,
        }
    }

    /// The id derived from its name.
    pub fn derived_id(&self) -> Id {
        match self {
            ObjectRef::Namespace(n) => Id::for_namespace(&n.name),
            ObjectRef::Enum(o) => o.derived_id(),
            ObjectRef::Table(o) => o.derived_id(),
            ObjectRef::View(o) => o.derived_id(),
            ObjectRef::Sequence(o) => o.derived_id(),
            ObjectRef::Function(o) => o.derived_id(),
            ObjectRef::Domain(o) => o.derived_id(),
            ObjectRef::Composite(o) => o.derived_id(),
        }
    }

    /// True for relations (tables, views, sequences), whose names share one space per schema.
    pub fn is_relation(&self) -> bool {
        match self {
            ObjectRef::Namespace(_) => false,
            ObjectRef::Enum(o) => o.is_relation(),
            ObjectRef::Table(o) => o.is_relation(),
            ObjectRef::View(o) => o.is_relation(),
            ObjectRef::Sequence(o) => o.is_relation(),
            ObjectRef::Function(o) => o.is_relation(),
            ObjectRef::Domain(o) => o.is_relation(),
            ObjectRef::Composite(o) => o.is_relation(),
        }
    }
}

impl Schema {
    /// Every top-level object, in model order: namespaces, enums, tables, views, sequences,
    /// functions, domains.
    pub fn objects(&self) -> impl Iterator<Item = ObjectRef<'_>> {
        self.namespaces
            .iter()
            .map(ObjectRef::Namespace)
            .chain(self.enums.iter().map(ObjectRef::Enum))
            .chain(self.tables.iter().map(ObjectRef::Table))
            .chain(self.views.iter().map(ObjectRef::View))
            .chain(self.sequences.iter().map(ObjectRef::Sequence))
            .chain(self.functions.iter().map(ObjectRef::Function))
            .chain(self.domains.iter().map(ObjectRef::Domain))
            .chain(self.composites.iter().map(ObjectRef::Composite))
    }
}

/// Sorts objects of one kind by (schema, name), the canonical order.
pub fn sort_qualified<T: TopLevel>(items: &mut [T]) {
    items.sort_by(|a, b| (a.schema(), a.name()).cmp(&(b.schema(), b.name())));
}

/// Replaces every object's id by its derived one; returns old id -> new id.
pub fn rederive_top_level<T: TopLevel>(items: &mut [T]) -> std::collections::HashMap<Id, Id> {
    let mut map = std::collections::HashMap::new();
    for item in items {
        let new = item.derived_id();
        map.insert(std::mem::replace(item.id_mut(), new.clone()), new);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_visit_every_kind_and_rederive() {
        let mut s = Schema::default();
        s.sequences.push(Sequence {
            id: Id::new("sq_random"),
            ..Sequence::new("public", "counter")
        });
        let kinds: Vec<&str> = s.objects().map(|o| o.kind()).collect();
        assert_eq!(kinds, ["sequence"]);
        let o = s.objects().next().unwrap();
        assert!(o.is_relation());
        assert_eq!(o.derived_id(), Id::for_sequence("public", "counter"));
        let map = rederive_top_level(&mut s.sequences);
        assert_eq!(
            map[&Id::new("sq_random")],
            Id::for_sequence("public", "counter")
        );
        assert_eq!(s.sequences[0].id, Id::for_sequence("public", "counter"));
    }
}
