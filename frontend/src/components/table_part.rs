//! The table form's sections follow the table through `part_of` memos: a section is built
//! again only when its own part of the table changed, not on every edit of the table.

use joinery_shared::model::Table;
use leptos::prelude::*;

/// What `f` reads of the table the form edits (`current`); the default once the table is gone.
pub fn part_of<T: PartialEq + Default + Send + Sync + 'static>(
    current: Memo<Option<Table>>,
    f: impl Fn(&Table) -> T + Send + Sync + 'static,
) -> Memo<T> {
    Memo::new(move |_| current.with(|t| t.as_ref().map(&f).unwrap_or_default()))
}
