//! Matching two lists of objects: by id first, so a rename stays a rename, then by name.

use std::collections::{HashMap, HashSet};

use crate::model::Id;

/// Matches two lists by id, then leftovers by a name key. Returns pairs of indexes plus the
/// unmatched indexes of each side.
pub(super) fn match_objects<T>(
    from: &[T],
    to: &[T],
    id: impl Fn(&T) -> &Id,
    name: impl Fn(&T) -> String,
) -> (Vec<(usize, usize)>, Vec<usize>, Vec<usize>) {
    let to_by_id: HashMap<&Id, usize> = to.iter().enumerate().map(|(i, o)| (id(o), i)).collect();
    let mut pairs = Vec::new();
    let mut matched_to: HashSet<usize> = HashSet::new();
    let mut unmatched_from = Vec::new();
    for (i, o) in from.iter().enumerate() {
        match to_by_id.get(id(o)) {
            Some(&j) if !matched_to.contains(&j) => {
                pairs.push((i, j));
                matched_to.insert(j);
            }
            _ => unmatched_from.push(i),
        }
    }
    let mut to_by_name: HashMap<String, usize> = HashMap::new();
    for (j, o) in to.iter().enumerate() {
        if !matched_to.contains(&j) {
            to_by_name.entry(name(o)).or_insert(j);
        }
    }
    let mut still_from = Vec::new();
    for i in unmatched_from {
        match to_by_name.remove(&name(&from[i])) {
            Some(j) => {
                pairs.push((i, j));
                matched_to.insert(j);
            }
            None => still_from.push(i),
        }
    }
    let still_to = (0..to.len()).filter(|j| !matched_to.contains(j)).collect();
    (pairs, still_from, still_to)
}
