//! The schema's top-level lists by kind: [`ObjectKind`] names one, [`Schema::list`] reads it as
//! [`ObjectRef`]s, and [`Object`] (an owned object) goes back in with [`Schema::put`] and
//! [`Schema::reorder`]. The designer's undo history records and replays edits through these, so
//! it handles every kind without a case per kind; a new kind is added here only.

use serde::de::{DeserializeSeed, Error as _, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::{
    CompositeType, Domain, Enum, Function, Id, Namespace, ObjectRef, Schema, Sequence, Table, View,
};

/// A kind of top-level object: one list of the [`Schema`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
    /// `schema.namespaces`.
    Namespace,
    /// `schema.enums`.
    Enum,
    /// `schema.tables`.
    Table,
    /// `schema.views`.
    View,
    /// `schema.sequences`.
    Sequence,
    /// `schema.functions`.
    Function,
    /// `schema.domains`.
    Domain,
    /// `schema.composites`.
    Composite,
}

crate::unit_enum::unit_enum!(ObjectKind {
    Namespace = "namespace",
    Enum = "enum",
    Table = "table",
    View = "view",
    Sequence = "sequence",
    Function = "function",
    Domain = "domain",
    Composite = "composite",
});

impl ObjectKind {
    /// Every kind, in model order.
    pub const ALL: [ObjectKind; 8] = [
        ObjectKind::Namespace,
        ObjectKind::Enum,
        ObjectKind::Table,
        ObjectKind::View,
        ObjectKind::Sequence,
        ObjectKind::Function,
        ObjectKind::Domain,
        ObjectKind::Composite,
    ];
}

/// One top-level object, owned: what an undo step keeps of it. Large kinds are boxed.
///
/// As JSON, `{"kind": "table", "object": {...}}` (derived); read by hand (see
/// [`ObjectVisitor`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", content = "object", rename_all = "snake_case")]
pub enum Object {
    /// A namespace.
    Namespace(Namespace),
    /// An enum type.
    Enum(Enum),
    /// A table.
    Table(Box<Table>),
    /// A view.
    View(Box<View>),
    /// A standalone sequence.
    Sequence(Box<Sequence>),
    /// A function or procedure.
    Function(Box<Function>),
    /// A domain.
    Domain(Box<Domain>),
    /// A composite type.
    Composite(Box<CompositeType>),
}

impl<'de> Deserialize<'de> for Object {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_struct("Object", &["kind", "object"], ObjectVisitor)
    }
}

/// Reads `{kind, object}`. The derived reader of an adjacently tagged enum reads the object
/// through a buffer (serde's `Content`) in case it comes before the kind: a second reader of
/// every model type, large in the designer's wasm. This one reads the object directly when the
/// kind came first (as the serializer writes it), and otherwise keeps it as JSON and reads that
/// once the kind is known.
struct ObjectVisitor;

impl<'de> Visitor<'de> for ObjectVisitor {
    type Value = Object;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object {kind, object}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Object, A::Error> {
        let mut kind: Option<ObjectKind> = None;
        let mut object: Option<Object> = None;
        let mut early: Option<serde_json::Value> = None;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match (key.as_ref(), kind) {
                ("kind", _) => kind = Some(map.next_value()?),
                ("object", Some(kind)) => object = Some(map.next_value_seed(kind)?),
                ("object", None) => early = Some(map.next_value()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let kind = kind.ok_or_else(|| A::Error::missing_field("kind"))?;
        match (object, early) {
            (Some(object), _) => Ok(object),
            (None, Some(json)) => kind
                .deserialize(&mut serde_json::Deserializer::from_str(&json.to_string()))
                .map_err(A::Error::custom),
            (None, None) => Err(A::Error::missing_field("object")),
        }
    }
}

/// The object of a known kind.
impl<'de> DeserializeSeed<'de> for ObjectKind {
    type Value = Object;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Object, D::Error> {
        Ok(match self {
            ObjectKind::Namespace => Object::Namespace(Deserialize::deserialize(d)?),
            ObjectKind::Enum => Object::Enum(Deserialize::deserialize(d)?),
            ObjectKind::Table => Object::Table(Deserialize::deserialize(d)?),
            ObjectKind::View => Object::View(Deserialize::deserialize(d)?),
            ObjectKind::Sequence => Object::Sequence(Deserialize::deserialize(d)?),
            ObjectKind::Function => Object::Function(Deserialize::deserialize(d)?),
            ObjectKind::Domain => Object::Domain(Deserialize::deserialize(d)?),
            ObjectKind::Composite => Object::Composite(Deserialize::deserialize(d)?),
        })
    }
}

/// A list element that an [`Object`] can be unwrapped into.
trait Listed: Sized {
    fn id(&self) -> &Id;
    fn from_object(o: Object) -> Option<Self>;
}

macro_rules! listed {
    ($($ty:ty => $variant:ident $(($boxed:tt))?),* $(,)?) => {$(
        impl Listed for $ty {
            fn id(&self) -> &Id {
                &self.id
            }
            fn from_object(o: Object) -> Option<Self> {
                match o {
                    Object::$variant(x) => Some(listed!(@unbox x $($boxed)?)),
                    _ => None,
                }
            }
        }
    )*};
    (@unbox $x:ident box) => { *$x };
    (@unbox $x:ident) => { $x };
}

listed!(
    Namespace => Namespace,
    Enum => Enum,
    Table => Table(box),
    View => View(box),
    Sequence => Sequence(box),
    Function => Function(box),
    Domain => Domain(box),
    CompositeType => Composite(box),
);

fn put_in<T: Listed>(list: &mut Vec<T>, id: &Id, index: usize, object: Option<Object>) {
    let at = list.iter().position(|o| o.id() == id);
    match (object.map(T::from_object), at) {
        (Some(Some(new)), Some(at)) => list[at] = new,
        (Some(Some(new)), None) => list.insert(index.min(list.len()), new),
        (None, Some(at)) => {
            list.remove(at);
        }
        _ => {}
    }
}

fn reorder_in<T: Listed>(list: &mut Vec<T>, order: &[Id]) {
    let position: std::collections::HashMap<&Id, usize> =
        order.iter().enumerate().map(|(i, id)| (id, i)).collect();
    sort_by_rank(list, |o| {
        position.get(o.id()).copied().unwrap_or(usize::MAX)
    });
}

/// Sorts `list` stably by `rank`, with one sort of `(rank, index)` pairs that every element type
/// shares: `sort_by_key` would put a copy of the whole sort into the designer's wasm per element
/// type (one per list kind).
pub fn sort_by_rank<T>(list: &mut Vec<T>, rank: impl Fn(&T) -> usize) {
    let mut keys: Vec<(usize, usize)> =
        list.iter().enumerate().map(|(i, o)| (rank(o), i)).collect();
    keys.sort_unstable();
    let mut slots: Vec<Option<T>> = std::mem::take(list).into_iter().map(Some).collect();
    list.extend(keys.into_iter().filter_map(|(_, i)| slots[i].take()));
}

impl Object {
    /// Its kind.
    pub fn kind(&self) -> ObjectKind {
        match self {
            Object::Namespace(_) => ObjectKind::Namespace,
            Object::Enum(_) => ObjectKind::Enum,
            Object::Table(_) => ObjectKind::Table,
            Object::View(_) => ObjectKind::View,
            Object::Sequence(_) => ObjectKind::Sequence,
            Object::Function(_) => ObjectKind::Function,
            Object::Domain(_) => ObjectKind::Domain,
            Object::Composite(_) => ObjectKind::Composite,
        }
    }

    /// Its id.
    pub fn id(&self) -> &Id {
        match self {
            Object::Namespace(o) => &o.id,
            Object::Enum(o) => &o.id,
            Object::Table(o) => &o.id,
            Object::View(o) => &o.id,
            Object::Sequence(o) => &o.id,
            Object::Function(o) => &o.id,
            Object::Domain(o) => &o.id,
            Object::Composite(o) => &o.id,
        }
    }
}

impl ObjectRef<'_> {
    /// Its kind.
    pub fn object_kind(&self) -> ObjectKind {
        match self {
            ObjectRef::Namespace(_) => ObjectKind::Namespace,
            ObjectRef::Enum(_) => ObjectKind::Enum,
            ObjectRef::Table(_) => ObjectKind::Table,
            ObjectRef::View(_) => ObjectKind::View,
            ObjectRef::Sequence(_) => ObjectKind::Sequence,
            ObjectRef::Function(_) => ObjectKind::Function,
            ObjectRef::Domain(_) => ObjectKind::Domain,
            ObjectRef::Composite(_) => ObjectKind::Composite,
        }
    }

    /// An owned copy.
    pub fn to_object(&self) -> Object {
        match *self {
            ObjectRef::Namespace(o) => Object::Namespace(o.clone()),
            ObjectRef::Enum(o) => Object::Enum(o.clone()),
            ObjectRef::Table(o) => Object::Table(Box::new(o.clone())),
            ObjectRef::View(o) => Object::View(Box::new(o.clone())),
            ObjectRef::Sequence(o) => Object::Sequence(Box::new(o.clone())),
            ObjectRef::Function(o) => Object::Function(Box::new(o.clone())),
            ObjectRef::Domain(o) => Object::Domain(Box::new(o.clone())),
            ObjectRef::Composite(o) => Object::Composite(Box::new(o.clone())),
        }
    }
}

impl Schema {
    /// The objects of one kind, in list order.
    pub fn list(&self, kind: ObjectKind) -> Vec<ObjectRef<'_>> {
        match kind {
            ObjectKind::Namespace => self.namespaces.iter().map(ObjectRef::Namespace).collect(),
            ObjectKind::Enum => self.enums.iter().map(ObjectRef::Enum).collect(),
            ObjectKind::Table => self.tables.iter().map(ObjectRef::Table).collect(),
            ObjectKind::View => self.views.iter().map(ObjectRef::View).collect(),
            ObjectKind::Sequence => self.sequences.iter().map(ObjectRef::Sequence).collect(),
            ObjectKind::Function => self.functions.iter().map(ObjectRef::Function).collect(),
            ObjectKind::Domain => self.domains.iter().map(ObjectRef::Domain).collect(),
            ObjectKind::Composite => self.composites.iter().map(ObjectRef::Composite).collect(),
        }
    }

    /// Sets object `id` of `kind`: replaced where it is, inserted at `index` (clamped) when
    /// absent, removed when `object` is `None`. An object of another kind is ignored.
    pub fn put(&mut self, kind: ObjectKind, id: &Id, index: usize, object: Option<Object>) {
        match kind {
            ObjectKind::Namespace => put_in(&mut self.namespaces, id, index, object),
            ObjectKind::Enum => put_in(&mut self.enums, id, index, object),
            ObjectKind::Table => put_in(&mut self.tables, id, index, object),
            ObjectKind::View => put_in(&mut self.views, id, index, object),
            ObjectKind::Sequence => put_in(&mut self.sequences, id, index, object),
            ObjectKind::Function => put_in(&mut self.functions, id, index, object),
            ObjectKind::Domain => put_in(&mut self.domains, id, index, object),
            ObjectKind::Composite => put_in(&mut self.composites, id, index, object),
        }
    }

    /// Orders the list of `kind` as `order` (objects not in it go last, in their order).
    pub fn reorder(&mut self, kind: ObjectKind, order: &[Id]) {
        match kind {
            ObjectKind::Namespace => reorder_in(&mut self.namespaces, order),
            ObjectKind::Enum => reorder_in(&mut self.enums, order),
            ObjectKind::Table => reorder_in(&mut self.tables, order),
            ObjectKind::View => reorder_in(&mut self.views, order),
            ObjectKind::Sequence => reorder_in(&mut self.sequences, order),
            ObjectKind::Function => reorder_in(&mut self.functions, order),
            ObjectKind::Domain => reorder_in(&mut self.domains, order),
            ObjectKind::Composite => reorder_in(&mut self.composites, order),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_and_reorder_every_kind() {
        let mut s = Schema::default();
        let a = Sequence::new("public", "a");
        let b = Sequence::new("public", "b");
        s.put(
            ObjectKind::Sequence,
            &a.id,
            0,
            Some(Object::Sequence(Box::new(a.clone()))),
        );
        s.put(
            ObjectKind::Sequence,
            &b.id,
            0,
            Some(Object::Sequence(Box::new(b.clone()))),
        );
        assert_eq!(s.sequences, [b.clone(), a.clone()]);
        s.reorder(ObjectKind::Sequence, &[a.id.clone(), b.id.clone()]);
        assert_eq!(s.sequences, [a.clone(), b.clone()]);
        // The wrong kind of object changes nothing.
        s.put(
            ObjectKind::Table,
            &a.id,
            0,
            Some(Object::Sequence(Box::new(a.clone()))),
        );
        assert!(s.tables.is_empty());
        s.put(ObjectKind::Sequence, &a.id, 0, None);
        assert_eq!(s.sequences, std::slice::from_ref(&b));
        let listed: Vec<Object> = s
            .list(ObjectKind::Sequence)
            .iter()
            .map(|o| o.to_object())
            .collect();
        assert_eq!(listed, [Object::Sequence(Box::new(b))]);
        assert_eq!(listed[0].kind(), ObjectKind::Sequence);
    }
}
