//! Views between two versions: their definitions compared as resolved queries, and the indexes
//! of materialized views.

use super::*;

/// A textual comparison key for a view query: [`expression_key`] without a trailing `;` and
/// without `table.` qualifiers, which PostgreSQL adds to every column when it prints a view back.
/// The fallback of [`view_definition_key`] for queries it does not read.
pub fn view_key(query: &str) -> String {
    let mut out = String::with_capacity(query.len());
    let mut word = String::new();
    let mut in_quote: Option<char> = None;
    for c in query.trim().trim_end_matches(';').chars() {
        if let Some(q) = in_quote {
            out.push(c);
            if c == q {
                in_quote = None;
            }
            continue;
        }
        if c == '\'' || c == '"' {
            out.push_str(&word);
            word.clear();
            out.push(c);
            in_quote = Some(c);
        } else if c.is_alphanumeric() || c == '_' || c == '$' {
            word.push(c);
        } else if c == '.' && !word.is_empty() && !word.chars().all(|w| w.is_ascii_digit()) {
            // A `users.` qualifier: dropped.
            word.clear();
        } else {
            out.push_str(&word);
            word.clear();
            out.push(c);
        }
    }
    out.push_str(&word);
    expression_key(&out)
}

/// Whether view `a` of `from` and view `b` of `to` differ in what they compute (query, output
/// names, materialization): compared through [`view_definition_key`], else as text.
pub(super) fn view_redefined(
    from: &query::Relations<'_>,
    a: &View,
    to: &query::Relations<'_>,
    b: &View,
) -> bool {
    if a.materialized != b.materialized {
        return true;
    }
    match (
        query::view_definition_key_in(from, a, None),
        query::view_definition_key_in(to, b, Some(from)),
    ) {
        (Some(x), Some(y)) => x != y,
        _ => view_key(&a.query) != view_key(&b.query) || a.columns != b.columns,
    }
}

/// A comparison key for a view's query, its output names and column list, as PostgreSQL would
/// store it: `SELECT *` expanded to the columns of the tables in `schema`, columns qualified,
/// names, aliases and casts spelled as PostgreSQL prints them back (see `diff/query.rs`). `None`
/// when the query uses syntax the key does not model.
pub fn view_definition_key(schema: &Schema, view: &View) -> Option<String> {
    query::view_definition_key(schema, view, None)
}

/// A comparison key of a materialized view's index definition (keys through
/// [`expression_key`]), without its name.
pub fn view_index_key(index: &Index) -> String {
    let parts = index
        .parts
        .iter()
        .map(|p| {
            let key = match &p.key {
                crate::model::IndexKey::Column(id) => format!("column#{id}"),
                crate::model::IndexKey::Expression(e) => expression_key(e),
            };
            let nulls = match (p.nulls, p.descending) {
                (Some(crate::model::NullsOrder::First), false) => " nulls first",
                (Some(crate::model::NullsOrder::Last), true) => " nulls last",
                _ => "",
            };
            let opclass = p.opclass.as_deref().unwrap_or("").to_ascii_lowercase();
            format!(
                "{key}{}{nulls} {opclass}",
                if p.descending { " desc" } else { "" }
            )
        })
        .collect::<Vec<_>>()
        .join(",");
    format!(
        "ix{} {:?} ({parts}) where({}) {}",
        index.unique,
        index.method,
        index
            .predicate
            .as_deref()
            .map(expression_key)
            .unwrap_or_default(),
        index.unique && index.nulls_not_distinct
    )
}

/// The index changes of a materialized view: matched by id, then by effective name; a changed
/// definition is a drop and an add.
pub(super) fn diff_view_indexes(a: &View, b: &View) -> Vec<ViewIndexChange> {
    let (pairs, dropped, added) = match_objects(
        &a.indexes,
        &b.indexes,
        |ix| &ix.id,
        |ix| naming::effective_view_index_name(a, ix),
    );
    let mut drops = Vec::new();
    let mut adds = Vec::new();
    let mut renames = Vec::new();
    for (i, j) in pairs {
        let (x, y) = (&a.indexes[i], &b.indexes[j]);
        if view_index_key(x) != view_index_key(y) {
            drops.push(x.clone());
            adds.push(y.clone());
        } else if naming::effective_view_index_name(a, x) != naming::effective_view_index_name(b, y)
        {
            renames.push(ViewIndexChange::Rename {
                from: x.clone(),
                to: y.clone(),
            });
        }
    }
    drops.extend(dropped.into_iter().map(|i| a.indexes[i].clone()));
    adds.extend(added.into_iter().map(|j| b.indexes[j].clone()));
    let mut out: Vec<ViewIndexChange> = drops
        .into_iter()
        .map(|index| ViewIndexChange::Drop { index })
        .collect();
    out.extend(renames);
    out.extend(adds.into_iter().map(|index| ViewIndexChange::Add { index }));
    out
}
