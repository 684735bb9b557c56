//! The sequence options of an identity column.

use serde::{Deserialize, Serialize};

use super::ColumnType;

/// The options of an identity column's sequence (`GENERATED ... AS IDENTITY (START WITH 100
/// INCREMENT BY 10)`), so that a design that counts from 1000, or down, keeps doing so in the
/// database it is migrated to.
///
/// Only values that differ from PostgreSQL's defaults are kept (see [`IdentityOptions::canonical`]):
/// a plain identity column has none, and old documents, which never had any, load unchanged. The
/// defaults of the bounds and the start depend on the column's type (`int2`, `int4`, `int8`) and
/// on the sign of the increment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IdentityOptions {
    /// `START WITH`: the first value handed out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<i64>,
    /// `INCREMENT BY` (negative counts down).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub increment: Option<i64>,
    /// `MINVALUE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_value: Option<i64>,
    /// `MAXVALUE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_value: Option<i64>,
    /// `CACHE`: values preallocated per session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache: Option<i64>,
    /// `CYCLE`: wrap around at the bound instead of failing.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cycle: bool,
}

/// Every option of an identity sequence, defaults filled in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EffectiveIdentityOptions {
    /// `START WITH`.
    pub start: i64,
    /// `INCREMENT BY`.
    pub increment: i64,
    /// `MINVALUE`.
    pub min_value: i64,
    /// `MAXVALUE`.
    pub max_value: i64,
    /// `CACHE`.
    pub cache: i64,
    /// `CYCLE`.
    pub cycle: bool,
}

/// The range of the sequence's type: the column's integer type (`bigint` for anything else,
/// which PostgreSQL refuses as an identity anyway).
fn type_range(ty: &ColumnType) -> (i64, i64) {
    match ty {
        ColumnType::SmallInt | ColumnType::SmallSerial => (i16::MIN.into(), i16::MAX.into()),
        ColumnType::Integer | ColumnType::Serial => (i32::MIN.into(), i32::MAX.into()),
        _ => (i64::MIN, i64::MAX),
    }
}

impl IdentityOptions {
    /// True when every option is PostgreSQL's default (as stored: canonical options).
    pub fn is_default(&self) -> bool {
        *self == IdentityOptions::default()
    }

    /// The options with PostgreSQL's defaults filled in, for a column of type `ty`: increment
    /// 1; bounds 1 and the type's maximum counting up, the type's minimum and -1 counting down;
    /// start at the lower bound counting up, the upper one counting down; cache 1.
    pub fn effective(&self, ty: &ColumnType) -> EffectiveIdentityOptions {
        let (lo, hi) = type_range(ty);
        let increment = self.increment.filter(|i| *i != 0).unwrap_or(1);
        let up = increment > 0;
        let min_value = self.min_value.unwrap_or(if up { 1 } else { lo });
        let max_value = self.max_value.unwrap_or(if up { hi } else { -1 });
        EffectiveIdentityOptions {
            start: self.start.unwrap_or(if up { min_value } else { max_value }),
            increment,
            min_value,
            max_value,
            cache: self.cache.filter(|c| *c > 0).unwrap_or(1),
            cycle: self.cycle,
        }
    }

    /// The same sequence with only the values that differ from the defaults for `ty` (which
    /// depend on each other: the start's on the bounds, the bounds' on the increment).
    pub fn canonical(&self, ty: &ColumnType) -> IdentityOptions {
        let e = self.effective(ty);
        let d = IdentityOptions {
            increment: Some(e.increment),
            ..IdentityOptions::default()
        }
        .effective(ty);
        let bounds = IdentityOptions {
            increment: Some(e.increment),
            min_value: Some(e.min_value),
            max_value: Some(e.max_value),
            ..IdentityOptions::default()
        }
        .effective(ty);
        IdentityOptions {
            start: (e.start != bounds.start).then_some(e.start),
            increment: (e.increment != 1).then_some(e.increment),
            min_value: (e.min_value != d.min_value).then_some(e.min_value),
            max_value: (e.max_value != d.max_value).then_some(e.max_value),
            cache: (e.cache != 1).then_some(e.cache),
            cycle: e.cycle,
        }
    }

    /// The options as written after `AS IDENTITY`, in parentheses, or empty when there are
    /// none: ` (START WITH 100 INCREMENT BY 10)`.
    pub fn sql(&self) -> String {
        let mut parts = Vec::new();
        if let Some(v) = self.start {
            parts.push(format!("START WITH {v}"));
        }
        if let Some(v) = self.increment {
            parts.push(format!("INCREMENT BY {v}"));
        }
        if let Some(v) = self.min_value {
            parts.push(format!("MINVALUE {v}"));
        }
        if let Some(v) = self.max_value {
            parts.push(format!("MAXVALUE {v}"));
        }
        if let Some(v) = self.cache {
            parts.push(format!("CACHE {v}"));
        }
        if self.cycle {
            parts.push("CYCLE".into());
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!(" ({})", parts.join(" "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_depend_on_type_and_direction() {
        let none = IdentityOptions::default();
        assert_eq!(none.canonical(&ColumnType::Integer), none);
        let spelled = IdentityOptions {
            start: Some(1),
            increment: Some(1),
            min_value: Some(1),
            max_value: Some(32767),
            cache: Some(1),
            cycle: false,
        };
        assert_eq!(spelled.canonical(&ColumnType::SmallInt), none);
        // int4's maximum is no default for bigint.
        let max = IdentityOptions {
            max_value: Some(i32::MAX.into()),
            ..none.clone()
        };
        assert_eq!(max.canonical(&ColumnType::Integer), none);
        assert_eq!(max.canonical(&ColumnType::BigInt), max);
        // Counting down starts at -1, from the type's minimum.
        let down = IdentityOptions {
            increment: Some(-1),
            start: Some(-1),
            min_value: Some(i64::MIN),
            max_value: Some(-1),
            ..none.clone()
        };
        assert_eq!(
            down.canonical(&ColumnType::BigInt),
            IdentityOptions {
                increment: Some(-1),
                ..none.clone()
            }
        );
        // A start equal to an explicit lower bound is the default.
        let from_ten = IdentityOptions {
            start: Some(10),
            min_value: Some(10),
            ..none.clone()
        };
        assert_eq!(
            from_ten.canonical(&ColumnType::Integer),
            IdentityOptions {
                min_value: Some(10),
                ..none
            }
        );
    }

    #[test]
    fn sql_lists_only_what_is_set() {
        let o = IdentityOptions {
            start: Some(100),
            increment: Some(10),
            cycle: true,
            ..IdentityOptions::default()
        };
        assert_eq!(o.sql(), " (START WITH 100 INCREMENT BY 10 CYCLE)");
        assert_eq!(IdentityOptions::default().sql(), "");
    }
}
