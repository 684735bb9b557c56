//! Enums of unit variants read by name, with one small reader shared by all of them.
//!
//! serde's derived reader of an enum is a few kilobytes of wasm per enum (its field visitor, its
//! enum visitor and `serde_json`'s `deserialize_enum` for it), and the designer reads some thirty
//! of them. [`unit_enum!`] gives an enum a reader that looks its name up in a table instead; the
//! serializer stays derived, so the JSON (`"deletes_data"`) is the same both ways (the tests
//! below check every table against the derived serializer).

use std::fmt;

use serde::de::{Deserializer, Error, Visitor};

/// An enum of unit variants, read by the names its derived serializer writes.
pub trait UnitEnum: Clone + 'static {
    /// The names, in the order of [`UnitEnum::VALUES`].
    const NAMES: &'static [&'static str];
    /// The variants.
    const VALUES: &'static [Self];
}

/// Reads a name of `T` (the reader [`unit_enum!`] gives `T`).
pub fn read<'de, T: UnitEnum, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    let i = d.deserialize_str(NameVisitor(T::NAMES))?;
    Ok(T::VALUES[i].clone())
}

/// Finds a string among the names; generic over the error type only, so one copy serves every
/// enum.
struct NameVisitor(&'static [&'static str]);

impl Visitor<'_> for NameVisitor {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a variant name")
    }

    fn visit_str<E: Error>(self, v: &str) -> Result<usize, E> {
        self.0
            .iter()
            .position(|name| *name == v)
            .ok_or_else(|| E::unknown_variant(v, self.0))
    }
}

/// `unit_enum!(Kind { A = "a", B = "b" })`: `Kind`'s [`UnitEnum`] table and its `Deserialize`
/// by name. The names must be what the derived `Serialize` writes (`snake_case`); every variant
/// must be listed (checked when compiling).
macro_rules! unit_enum {
    ($ty:ident { $($variant:ident = $name:literal),* $(,)? }) => {
        impl $crate::unit_enum::UnitEnum for $ty {
            const NAMES: &'static [&'static str] = &[$($name),*];
            const VALUES: &'static [Self] = &[$($ty::$variant),*];
        }

        // A variant added to the enum but not here does not compile.
        const _: fn(&$ty) = |v| match v {
            $($ty::$variant => {})*
        };

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::unit_enum::read(d)
            }
        }
    };
}
pub(crate) use unit_enum;

#[cfg(test)]
mod tests {
    use std::fmt::Debug;

    use serde::de::DeserializeOwned;
    use serde::Serialize;

    use super::UnitEnum;
    use crate::model::*;
    use crate::plan::{HazardKind, LockLevel, TableEffect};
    use crate::validate::{ObjectKind as ProblemObjectKind, ProblemKind};
    use crate::wire::PasswordSource;

    /// Every variant is in the table once, under the name the derived serializer writes, and
    /// reads back; other strings are refused.
    fn check<T: UnitEnum + Serialize + DeserializeOwned + PartialEq + Debug>() {
        assert_eq!(T::NAMES.len(), T::VALUES.len());
        for (name, value) in T::NAMES.iter().zip(T::VALUES) {
            assert_eq!(serde_json::to_string(value).unwrap(), format!("\"{name}\""));
            let read: T = serde_json::from_str(&format!("\"{name}\"")).unwrap();
            assert_eq!(&read, value);
            let read: T = serde_json::from_value(serde_json::Value::from(*name)).unwrap();
            assert_eq!(&read, value);
            assert_eq!(T::VALUES.iter().filter(|v| *v == value).count(), 1);
        }
        assert!(serde_json::from_str::<T>("\"no_such_variant\"").is_err());
        assert!(serde_json::from_str::<T>("3").is_err());
    }

    #[test]
    fn every_name_is_the_derived_serializers() {
        check::<Identity>();
        check::<ReferentialAction>();
        check::<IndexMethod>();
        check::<NullsOrder>();
        check::<CheckOption>();
        check::<Privilege>();
        check::<crate::model::DefaultObjects>();
        check::<Naming>();
        check::<KeyStyle>();
        check::<AuditColumns>();
        check::<ObjectKind>();
        check::<PartitionStrategy>();
        check::<PolicyCommand>();
        check::<RoutineKind>();
        check::<ArgMode>();
        check::<Volatility>();
        check::<Parallel>();
        check::<TriggerTiming>();
        check::<TriggerEvent>();
        check::<SequenceType>();
        check::<LockLevel>();
        check::<TableEffect>();
        check::<crate::plan::ObjectKind>();
        check::<HazardKind>();
        check::<ProblemKind>();
        check::<ProblemObjectKind>();
        check::<PasswordSource>();
    }
}
