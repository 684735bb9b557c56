//! One column's row in the table form: name, type, NOT NULL, PK, UNIQUE, default, the move and
//! delete buttons, and its folded extras (identity, generated expression, comment).
//!
//! Why a row of its own, bound to the table by the column's id: an edit of the table updates
//! only the fields whose text changed. Building the whole form again on every edit (a
//! rename, a checkbox) cost a large table's form 20–100 ms a commit, dropped frames while
//! panning, and closed any "more" section the user had open.

use joinery_shared::model::{Id, Identity, Schema, Table};
use leptos::prelude::*;

use crate::edits::{self, display_default};
use crate::state::use_designer;

/// What the row shows of its column; compared on every edit of the table, so a field is set
/// again only when its own text changed.
#[derive(Clone, Debug, Default, PartialEq)]
struct RowView {
    name: String,
    type_text: String,
    not_null: bool,
    in_pk: bool,
    unique: bool,
    default_text: String,
    first: bool,
    last: bool,
    identity: &'static str,
    generated: String,
    comment: String,
}

/// A type as the narrow type field shows it: PostgreSQL's short aliases for the long spellings,
/// so `timestamp with time zone` is not cut to a misleading `timestamp`.
fn short_type(sql: String) -> String {
    [
        ("timestamp with time zone", "timestamptz"),
        ("time with time zone", "timetz"),
        ("double precision", "float8"),
        ("character varying", "varchar"),
    ]
    .iter()
    .fold(sql, |text, (long, short)| text.replace(long, short))
}

/// The row of `column` as `table` and the enum types (`types`) have it; `None` once the column
/// is gone (the row is about to be removed).
fn row_view(table: &Table, column: &Id, types: &Schema) -> Option<RowView> {
    let index = table.columns.iter().position(|c| &c.id == column)?;
    let c = &table.columns[index];
    let in_pk = table
        .primary_key
        .as_ref()
        .is_some_and(|pk| pk.columns.contains(&c.id));
    Some(RowView {
        name: c.name.clone(),
        type_text: short_type(joinery_shared::ddl::column_type_sql(types, &c.ty)),
        not_null: c.not_null || in_pk,
        in_pk,
        unique: table
            .uniques
            .iter()
            .any(|u| u.columns.len() == 1 && u.columns[0] == c.id),
        default_text: c.default.as_ref().map(display_default).unwrap_or_default(),
        first: index == 0,
        last: index + 1 == table.columns.len(),
        identity: match c.identity {
            Some(Identity::Always) => "always",
            Some(Identity::ByDefault) => "by_default",
            None => "",
        },
        generated: c.generated.clone().unwrap_or_default(),
        comment: c.comment.clone().unwrap_or_default(),
    })
}

/// The row of one column of the table with id `table` (its current value is `current`);
/// `types` is a schema holding only the design's enums, for reading and printing types.
#[component]
pub fn ColumnRow(
    table: Id,
    current: Memo<Option<Table>>,
    column: Id,
    types: Memo<Schema>,
) -> impl IntoView {
    let d = use_designer();
    let tid = StoredValue::new(table);
    let cid = StoredValue::new(column);
    let row = Memo::new(move |_| {
        current
            .with(|t| {
                let t = t.as_ref()?;
                cid.with_value(|c| types.with(|types| row_view(t, c, types)))
            })
            .unwrap_or_default()
    });
    // One memo per field: a field is set again only when its own text changes, so text typed
    // (and not yet committed) in one field survives an edit committed from another.
    let text = move |f: fn(&RowView) -> String| Memo::new(move |_| row.with(f));
    let flag = move |f: fn(&RowView) -> bool| Memo::new(move |_| row.with(f));
    let name = text(|r| r.name.clone());
    let type_text = text(|r| r.type_text.clone());
    let default_text = text(|r| r.default_text.clone());
    let (not_null, in_pk, unique) = (flag(|r| r.not_null), flag(|r| r.in_pk), flag(|r| r.unique));
    let (first, last) = (flag(|r| r.first), flag(|r| r.last));
    let edit = move |label: &str, f: &dyn Fn(&mut Table, &Id)| {
        let c = cid.get_value();
        d.edit_table(label, &tid.get_value(), |t| f(t, &c));
    };
    view! {
        <div class="column-row" data-testid="column-row">
            <input class="col-name-input" aria-label="Column name" type="text" title=name prop:value=name
                on:change=move |ev| { let v = event_target_value(&ev); edit("Rename column", &|t, c| edits::rename_column(t, c, &v)); } />
            <input class="col-type-input" aria-label="Column type" type="text" list="type-suggestions" title=type_text prop:value=type_text
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let ty = types.with_untracked(|s| joinery_shared::normalize::parse_type_name(v.trim(), s));
                    edit("Change column type", &|t, c| edits::set_column_type(t, c, ty.clone()));
                } />
            <input type="checkbox" aria-label="Not null" prop:checked=not_null disabled=in_pk
                on:change=move |ev| { let on = event_target_checked(&ev); edit(if on { "Set NOT NULL" } else { "Drop NOT NULL" }, &|t, c| edits::set_not_null(t, c, on)); } />
            <input type="checkbox" aria-label="Primary key" prop:checked=in_pk
                on:change=move |ev| { let on = event_target_checked(&ev); edit("Change primary key", &|t, c| edits::set_primary_key(t, c, on)); } />
            <input type="checkbox" aria-label="Unique" prop:checked=unique
                on:change=move |ev| { let on = event_target_checked(&ev); edit("Change unique", &|t, c| edits::set_unique(t, c, on)); } />
            <input class="col-default-input" aria-label="Default" type="text" placeholder="default" title=default_text prop:value=default_text
                on:change=move |ev| { let v = event_target_value(&ev); edit("Change default", &|t, c| edits::set_default(t, c, &v)); } />
            <span class="row-actions">
                <button class="icon-btn" title="Move up" aria-label="Move column up" disabled=first
                    on:click=move |_| edit("Reorder columns", &|t, c| edits::move_column(t, c, true))>"↑"</button>
                <button class="icon-btn" title="Move down" aria-label="Move column down" disabled=last
                    on:click=move |_| edit("Reorder columns", &|t, c| edits::move_column(t, c, false))>"↓"</button>
                <button class="icon-btn danger" title="Delete column" aria-label="Delete column"
                    on:click=move |_| { let c = cid.get_value(); let t = tid.get_value(); d.edit("Delete column", |doc| edits::delete_column(doc, &t, &c)); }>"×"</button>
            </span>
            <ColumnExtras row=row edit=Callback::new(move |(label, f): (&'static str, ExtraEdit)| edit(label, &*f)) />
        </div>
    }
}

/// An edit of the column from its extras: applied to the table and the column's id.
type ExtraEdit = Box<dyn Fn(&mut Table, &Id)>;

/// Identity, generated expression and comment of one column, folded away until needed (and
/// left open across edits, since the row is not built again).
#[component]
fn ColumnExtras(row: Memo<RowView>, edit: Callback<(&'static str, ExtraEdit)>) -> impl IntoView {
    let identity = Memo::new(move |_| row.with(|r| r.identity));
    let generated = Memo::new(move |_| row.with(|r| r.generated.clone()));
    let comment = Memo::new(move |_| row.with(|r| r.comment.clone()));
    view! {
        <details class="column-extras">
            <summary>"more"</summary>
            <label class="field"><span>"Identity"</span>
                <select prop:value=identity on:change=move |ev| {
                    let identity = match event_target_value(&ev).as_str() { "always" => Some(Identity::Always), "by_default" => Some(Identity::ByDefault), _ => None };
                    edit.run(("Change identity", Box::new(move |t, c| edits::set_identity(t, c, identity))));
                }>
                    <option value="" selected=move || identity.get().is_empty()>"none"</option>
                    <option value="always" selected=move || identity.get() == "always">"GENERATED ALWAYS"</option>
                    <option value="by_default" selected=move || identity.get() == "by_default">"GENERATED BY DEFAULT"</option>
                </select>
            </label>
            <label class="field"><span>"Generated (stored) expression"</span>
                <input type="text" prop:value=generated on:change=move |ev| {
                    let v = event_target_value(&ev);
                    edit.run(("Change generated expression", Box::new(move |t, c| edits::set_generated(t, c, &v))));
                } />
            </label>
            <label class="field"><span>"Comment"</span>
                <input type="text" prop:value=comment on:change=move |ev| {
                    let v = event_target_value(&ev);
                    edit.run(("Comment column", Box::new(move |t, c| edits::set_column_comment(t, c, v.clone()))));
                } />
            </label>
        </details>
    }
}
