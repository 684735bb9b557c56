//! Rule 1: which explicit constraint and index names equal their conventional names and are
//! therefore cleared. Separate because it needs the referenced tables (for foreign key names),
//! unlike the per-column rules.

use crate::model::{Id, Table};
use std::collections::HashMap;

use crate::naming::{
    conventional_fk_name_with, conventional_index_name, conventional_pk_name,
    conventional_unique_name,
};

/// Rule 1 for one table: which explicit names equal the conventional ones.
pub(super) struct ConventionalNames {
    pk: bool,
    uniques: Vec<bool>,
    fks: Vec<bool>,
    indexes: Vec<bool>,
}

impl ConventionalNames {
    pub(super) fn of(t: &Table, by_id: &HashMap<&Id, &Table>) -> Self {
        ConventionalNames {
            pk: t
                .primary_key
                .as_ref()
                .is_some_and(|pk| pk.name.as_deref() == Some(conventional_pk_name(t, pk).as_str())),
            uniques: t
                .uniques
                .iter()
                .map(|u| u.name.as_deref() == Some(conventional_unique_name(t, u).as_str()))
                .collect(),
            fks: t
                .foreign_keys
                .iter()
                .map(|fk| {
                    fk.name.is_some()
                        && fk.name.as_deref()
                            == Some(
                                conventional_fk_name_with(t, fk, by_id.get(&fk.ref_table).copied())
                                    .as_str(),
                            )
                })
                .collect(),
            indexes: t
                .indexes
                .iter()
                .map(|ix| ix.name.as_deref() == Some(conventional_index_name(t, ix).as_str()))
                .collect(),
        }
    }

    pub(super) fn apply(self, t: &mut Table) {
        if self.pk {
            if let Some(pk) = &mut t.primary_key {
                pk.name = None;
            }
        }
        for (u, clear) in t.uniques.iter_mut().zip(self.uniques) {
            if clear {
                u.name = None;
            }
        }
        for (fk, clear) in t.foreign_keys.iter_mut().zip(self.fks) {
            if clear {
                fk.name = None;
            }
        }
        for (ix, clear) in t.indexes.iter_mut().zip(self.indexes) {
            if clear {
                ix.name = None;
            }
        }
    }
}
