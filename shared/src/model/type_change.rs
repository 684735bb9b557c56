//! How PostgreSQL treats a change of a column's type: whether it needs `USING`, may lose data or
//! fail on existing rows, and rewrites the table. Part of the model (not the planner) because the
//! diff needs it too: a CHECK over a column whose type change rewrites it is re-validated.

use super::ColumnType;

/// What `ALTER COLUMN … TYPE` from one type to another does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TypeChange {
    /// An explicit `USING` cast is needed (no assignment cast exists).
    pub needs_using: bool,
    /// Existing values may not survive: narrowing, or a cast that can fail.
    pub lossy: bool,
    /// PostgreSQL rewrites the table (the change is not binary-coercible).
    pub rewrites: bool,
}

const fn change(needs_using: bool, lossy: bool, rewrites: bool) -> TypeChange {
    TypeChange {
        needs_using,
        lossy,
        rewrites,
    }
}

impl ColumnType {
    /// `serial`, `bigserial` or `smallserial`.
    pub fn is_serial(&self) -> bool {
        matches!(
            self,
            ColumnType::Serial | ColumnType::BigSerial | ColumnType::SmallSerial
        )
    }

    /// 1, 2, 3 for the 2-, 4- and 8-byte integer types (serials included), so widening and
    /// narrowing compare as numbers.
    pub fn int_rank(&self) -> Option<u8> {
        match self {
            ColumnType::SmallInt | ColumnType::SmallSerial => Some(1),
            ColumnType::Integer | ColumnType::Serial => Some(2),
            ColumnType::BigInt | ColumnType::BigSerial => Some(3),
            _ => None,
        }
    }

    /// Whether changing a column from `self` to `to` rewrites it (as opposed to a
    /// binary-coercible change such as `varchar(10)` → `text`, which PostgreSQL does in place).
    /// A serial's sequence is the planner's business: only the integer width counts.
    pub fn change_rewrites(&self, to: &ColumnType) -> bool {
        if self.is_serial() || to.is_serial() {
            return self.int_rank() != to.int_rank();
        }
        self.change_to(to).rewrites
    }

    /// How changing a column from `self` to `to` behaves.
    pub fn change_to(&self, to: &ColumnType) -> TypeChange {
        use ColumnType as T;
        let texty = |t: &T| matches!(t, T::Text | T::Varchar { .. } | T::Char { .. });
        match (self, to) {
            (a, b) if a.int_rank().is_some() && b.int_rank().is_some() => {
                change(false, b.int_rank() < a.int_rank(), true)
            }
            (T::Varchar { length: a }, T::Varchar { length: b }) => match (a, b) {
                (_, None) => change(false, false, false),
                (Some(x), Some(y)) if y >= x => change(false, false, false),
                _ => change(false, true, true),
            },
            (T::Varchar { .. } | T::Char { .. }, T::Text) => change(false, false, false),
            (T::Text, T::Varchar { length: None }) => change(false, false, false),
            (a, T::Varchar { .. } | T::Char { .. }) if texty(a) => change(false, true, true),
            (
                T::Numeric {
                    precision: pa,
                    scale: sa,
                },
                T::Numeric {
                    precision: pb,
                    scale: sb,
                },
            ) => {
                let widening = pb.is_none()
                    || (pa.is_some()
                        && pb >= pa
                        && sb >= sa
                        // Digits before the point; signed, since a scale above the precision is
                        // a design error validation reports (it must not overflow here).
                        && (i64::from(pb.unwrap_or(0)) - i64::from(sb.unwrap_or(0)))
                            >= (i64::from(pa.unwrap_or(0)) - i64::from(sa.unwrap_or(0))));
                change(false, !widening, !widening || pb.is_some())
            }
            (a, T::Numeric { .. }) if a.int_rank().is_some() => change(false, false, true),
            (T::Real, T::DoublePrecision) => change(false, false, true),
            (T::DoublePrecision, T::Real) => change(false, true, true),
            (T::Timestamp { .. }, T::Timestamp { .. }) | (T::Time { .. }, T::Time { .. }) => {
                change(false, false, true)
            }
            (T::Json, T::Jsonb) | (T::Jsonb, T::Json) => change(true, false, true),
            (T::Array { element: a }, T::Array { element: b }) => a.change_to(b),
            // Anything else goes through an explicit cast, which existing values may not survive.
            _ => change(true, true, true),
        }
    }
}
