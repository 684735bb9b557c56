//! The selected table's editor: name, columns (type, NOT NULL, PK, UNIQUE, default, identity),
//! relationships, indexes and checks. Every change is one undoable edit, committed on `change`
//! (blur or Enter), not per keystroke.

use joinery_shared::diagram::svg::escape;
use joinery_shared::model::{
    ForeignKey, Id, Index, IndexKey, IndexMethod, ReferentialAction, Schema, Table,
};
use leptos::prelude::*;

use crate::actions::{add_table, create_relationship, delete_selection};
use crate::components::column_row::ColumnRow;
use crate::components::table_part::part_of;
use crate::edits;
use crate::state::use_designer;

/// Common type names offered by the type picker (any other text is accepted too).
pub const TYPE_SUGGESTIONS: &[&str] = &[
    "uuid",
    "text",
    "varchar(255)",
    "char(1)",
    "integer",
    "bigint",
    "smallint",
    "serial",
    "bigserial",
    "smallserial",
    "numeric(10,2)",
    "real",
    "double precision",
    "boolean",
    "date",
    "time",
    "timestamp",
    "timestamptz",
    "interval",
    "json",
    "jsonb",
    "bytea",
    "inet",
    "cidr",
    "text[]",
    "uuid[]",
    "integer[]",
];

fn action_value(a: ReferentialAction) -> &'static str {
    match a {
        ReferentialAction::NoAction => "no_action",
        ReferentialAction::Restrict => "restrict",
        ReferentialAction::Cascade => "cascade",
        ReferentialAction::SetNull => "set_null",
        ReferentialAction::SetDefault => "set_default",
    }
}

fn parse_action(v: &str) -> ReferentialAction {
    match v {
        "restrict" => ReferentialAction::Restrict,
        "cascade" => ReferentialAction::Cascade,
        "set_null" => ReferentialAction::SetNull,
        "set_default" => ReferentialAction::SetDefault,
        _ => ReferentialAction::NoAction,
    }
}

fn action_options(selected: ReferentialAction) -> impl IntoView {
    [
        ReferentialAction::NoAction,
        ReferentialAction::Restrict,
        ReferentialAction::Cascade,
        ReferentialAction::SetNull,
        ReferentialAction::SetDefault,
    ]
    .into_iter()
    .map(|a| view! { <option value=action_value(a) selected=a == selected>{a.sql()}</option> })
    .collect_view()
}

/// The side-panel editor of the selected table.
#[component]
pub fn TableEditor() -> impl IntoView {
    let d = use_designer();
    // While another tab is shown the editor stays built, hidden, on the table it showed: a
    // selection made meanwhile is followed when the tab is shown again, not built unseen.
    let selected = Memo::new(move |before: Option<&Option<Id>>| match before {
        Some(before) if d.panel.get() != crate::state::Panel::Table => before.clone(),
        _ => d.selected_table(),
    });
    view! {
        {move || match selected.get() {
            None => {
                let count = d.selection.with(|s| s.len());
                view! {
                    <div class="panel-hint" data-testid="table-editor-empty">
                        {if count > 1 { format!("{count} tables selected. Drag to move them together; Delete removes them.") } else { "Select a table on the canvas to edit it, or add one.".to_string() }}
                        <button class="btn primary" data-testid="add-table-hint" on:click=move |_| add_table(d)>"Add table"</button>
                        <crate::components::conventions::ConventionsForm />
                    </div>
                }.into_any()
            }
            // The form is loaded when a table is first selected (`deferred`).
            Some(id) => view! {
                <crate::components::deferred::Deferred part=crate::components::deferred::Part::TableForm(id) />
            }.into_any(),
        }}
    }
}

/// The form of one table: columns, keys, indexes, checks, policies, triggers, comment.
///
/// Built once per table: each field and section follows its own part of the table, so an edit
/// sets again only what it changed (see `column_row`).
#[component]
pub fn TableForm(id: Id) -> impl IntoView {
    let d = use_designer();
    let table = {
        let id = id.clone();
        Memo::new(move |_| {
            let index = d.table_index.with(|ix| ix.get(&id).copied())?;
            d.doc.with(|doc| doc.schema.tables.get(index).cloned())
        })
    };
    // A schema holding only the enums: what reading and printing a column type needs.
    let types = Memo::new(move |_| {
        d.doc.with(|doc| Schema {
            enums: doc.schema.enums.clone(),
            ..Default::default()
        })
    });
    let other_tables = Memo::new(move |_| {
        d.doc.with(|doc| {
            doc.schema
                .tables
                .iter()
                .map(|t| (t.id.clone(), t.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    let problems = {
        let id = id.clone();
        Memo::new(move |_| {
            d.problems.with(|ps| {
                ps.iter()
                    .filter(|p| p.path.0.first().is_some_and(|s| s.id == id))
                    .map(|p| p.message.clone())
                    .collect::<Vec<_>>()
            })
        })
    };
    let tid = StoredValue::new(id.clone());
    let name = part_of(table, |t| t.name.clone());
    let schema = part_of(table, |t| t.schema.clone());
    let comment = part_of(table, |t| t.comment.clone().unwrap_or_default());
    let color = Memo::new(move |_| {
        tid.with_value(|id| {
            d.doc
                .with(|doc| doc.layout.placements.get(id).and_then(|p| p.color.clone()))
        })
        .unwrap_or_else(|| "#2f6feb".into())
    });
    let column_ids = part_of(table, |t| {
        t.columns.iter().map(|c| c.id.clone()).collect::<Vec<_>>()
    });
    let exists = Memo::new(move |_| table.with(Option::is_some));

    view! {
        <Show when=move || exists.get()>
            <div class="table-form" data-testid="table-editor">
                <div class="field-row">
                    <label class="field grow">
                        <span>"Table name"</span>
                        <input data-testid="table-name" type="text" prop:value=name
                            on:change=move |ev| { let v = event_target_value(&ev).trim().to_string(); d.edit_table("Rename table", &tid.get_value(), |t| edits::rename_table(t, &v)); } />
                    </label>
                    <label class="field narrow">
                        <span>"Schema"</span>
                        <input type="text" prop:value=schema
                            on:change=move |ev| { let v = event_target_value(&ev); d.edit_table("Move table to schema", &tid.get_value(), |t| edits::set_table_schema(t, &v)); } />
                    </label>
                    <label class="field tiny">
                        <span>"Color"</span>
                        <input type="color" prop:value=color
                            on:change=move |ev| { let v = event_target_value(&ev); let id = tid.get_value(); d.edit("Color table", |doc| edits::set_table_color(doc, &id, v)); } />
                    </label>
                </div>
                {move || problems.with(|ps| (!ps.is_empty()).then(|| view! {
                    <ul class="problems inline" data-testid="table-problems">
                        {ps.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view()}
                    </ul>
                }))}
                <h3>"Columns"</h3>
                <datalist id="type-suggestions">
                    {TYPE_SUGGESTIONS.iter().map(|s| view! { <option value=*s></option> }).collect_view()}
                    {move || types.with(|s| s.enums.iter().map(|e| view! { <option value=e.name.clone()></option> }).collect_view())}
                </datalist>
                <div class="columns" data-testid="columns">
                    <div class="column-head"><span>"name"</span><span>"type"</span><span title="NOT NULL">"NN"</span><span title="Primary key">"PK"</span><span title="Unique">"UQ"</span><span>"default"</span><span></span></div>
                    <For each=move || column_ids.get() key=|c| c.clone() let:column>
                        <ColumnRow table=tid.get_value() current=table column=column types=types />
                    </For>
                </div>
                <button class="btn" data-testid="add-column" on:click=move |_| d.edit_table("Add column", &tid.get_value(), edits::add_column)>"+ Add column"</button>
                <ForeignKeys table=tid.get_value() current=table tables=other_tables />
                <Indexes table=tid.get_value() current=table />
                <Checks table=tid.get_value() current=table />
                <crate::components::policies::Policies table=tid.get_value() current=table />
                <crate::components::triggers::Triggers table=tid.get_value() current=table />
                <label class="field">
                    <span>"Comment"</span>
                    <textarea rows="2" prop:value=comment
                        on:change=move |ev| { let v = event_target_value(&ev); d.edit_table("Comment table", &tid.get_value(), |t| edits::set_table_comment(t, v)); }></textarea>
                </label>
                <button class="btn danger" data-testid="delete-table" on:click=move |_| delete_selection(d)>"Delete table"</button>
            </div>
        </Show>
    }
}

/// One relationship as the list shows it.
#[derive(Clone, PartialEq)]
struct FkRow {
    id: Id,
    text: String,
    on_delete: ReferentialAction,
    on_update: ReferentialAction,
}

/// `(a, b) → target(x, y) MATCH FULL DEFERRABLE …` for `fk` of `t`.
fn describe_fk(schema: &Schema, t: &Table, fk: &ForeignKey) -> String {
    let r = schema.table(&fk.ref_table);
    let cols = |t: Option<&Table>, ids: &[Id]| {
        ids.iter()
            .map(|i| {
                t.and_then(|t| t.column(i))
                    .map(|c| c.name.clone())
                    .unwrap_or_else(|| "?".into())
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "({}) → {}({}){}{}{}",
        cols(Some(t), &fk.columns),
        r.map(|r| r.name.clone()).unwrap_or_else(|| "?".into()),
        cols(r, &fk.ref_columns),
        if fk.match_full { " MATCH FULL" } else { "" },
        match (fk.deferrable, fk.initially_deferred) {
            (false, _) => "",
            (true, false) => " DEFERRABLE",
            (true, true) => " DEFERRABLE INITIALLY DEFERRED",
        },
        // Existing rows were never checked against it: worth seeing in the design.
        if fk.not_valid { " NOT VALID" } else { "" }
    )
}

#[component]
fn ForeignKeys(
    table: Id,
    current: Memo<Option<Table>>,
    tables: Memo<Vec<(Id, String)>>,
) -> impl IntoView {
    let d = use_designer();
    let tid = StoredValue::new(table);
    let columns = part_of(current, |t| {
        t.columns
            .iter()
            .map(|c| (c.id.clone(), c.name.clone()))
            .collect::<Vec<_>>()
    });
    // The referenced tables' names are in the text too, so this follows the whole design.
    let rows = Memo::new(move |_| {
        d.doc.with(|doc| {
            current.with(|t| {
                t.iter()
                    .flat_map(|t| {
                        t.foreign_keys.iter().map(|fk| FkRow {
                            id: fk.id.clone(),
                            text: describe_fk(&doc.schema, t, fk),
                            on_delete: fk.on_delete,
                            on_update: fk.on_update,
                        })
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let new_col = RwSignal::new(
        columns
            .with_untracked(|c| c.first().map(|c| c.0.to_string()))
            .unwrap_or_default(),
    );
    let new_target = RwSignal::new(String::new());
    let new_target_col = RwSignal::new(String::new());
    let target_columns = Memo::new(move |_| {
        let target = Id::new(new_target.get());
        d.doc.with(|doc| {
            doc.schema
                .table(&target)
                .map(|t| {
                    t.columns
                        .iter()
                        .map(|c| (c.id.clone(), c.name.clone()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    view! {
        <h3>"Relationships"</h3>
        <ul class="fk-list" data-testid="fk-list">
            {move || rows.get().into_iter().map(|fk| {
                let fid = StoredValue::new(fk.id);
                view! {
                    <li>
                        <span class="fk-text">{fk.text}</span>
                        <label class="inline">"on delete "
                            <select on:change=move |ev| { let a = parse_action(&event_target_value(&ev)); let f = fid.get_value(); d.edit_table("Change ON DELETE", &tid.get_value(), |t| edits::set_on_delete(t, &f, a)); }>
                                {action_options(fk.on_delete)}
                            </select>
                        </label>
                        <label class="inline">"on update "
                            <select on:change=move |ev| { let a = parse_action(&event_target_value(&ev)); let f = fid.get_value(); d.edit_table("Change ON UPDATE", &tid.get_value(), |t| edits::set_on_update(t, &f, a)); }>
                                {action_options(fk.on_update)}
                            </select>
                        </label>
                        <button class="icon-btn danger" title="Delete relationship" on:click=move |_| { let f = fid.get_value(); d.edit_table("Delete relationship", &tid.get_value(), |t| edits::delete_foreign_key(t, &f)); }>"×"</button>
                    </li>
                }
            }).collect_view()}
        </ul>
        <div class="fk-form">
            <select aria-label="Referencing column" prop:value=move || new_col.get() on:change=move |ev| new_col.set(event_target_value(&ev))>
                {move || columns.get().into_iter().map(|(id, name)| {
                    let id = id.to_string();
                    let selected = new_col.with_untracked(|c| *c == id);
                    view! { <option value=id selected=selected>{name}</option> }
                }).collect_view()}
            </select>
            " → "
            <select aria-label="Referenced table" data-testid="fk-target-table" inner_html=move || tables.with(|t| table_options(t))
                on:change=move |ev| { new_target.set(event_target_value(&ev)); new_target_col.set(target_columns.get_untracked().first().map(|c| c.0.to_string()).unwrap_or_default()); }>
            </select>
            <select aria-label="Referenced column" data-testid="fk-target-column" prop:value=move || new_target_col.get() on:change=move |ev| new_target_col.set(event_target_value(&ev))>
                {move || target_columns.get().into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
            </select>
            <button class="btn" data-testid="add-fk" on:click=move |_| {
                let (c, t, rc) = (new_col.get_untracked(), new_target.get_untracked(), new_target_col.get_untracked());
                let rc = if rc.is_empty() { target_columns.get_untracked().first().map(|c| c.0.to_string()).unwrap_or_default() } else { rc };
                if !c.is_empty() && !t.is_empty() && !rc.is_empty() {
                    create_relationship(d, &tid.get_value(), &Id::new(c), &Id::new(t), &Id::new(rc));
                }
            }>"Add"</button>
        </div>
    }
}

/// `UNIQUE btree (a, lower(b) DESC) WITH (…) WHERE … — comment` for `ix` of `t`.
fn describe_index(t: &Table, ix: &Index) -> String {
    let parts: Vec<String> = ix
        .parts
        .iter()
        .map(|p| {
            let base = match &p.key {
                IndexKey::Column(c) => t
                    .column(c)
                    .map(|c| c.name.clone())
                    .unwrap_or_else(|| "?".into()),
                IndexKey::Expression(e) => format!("({e})"),
            };
            let collate = p
                .collation
                .as_ref()
                .map(|c| format!(" COLLATE \"{c}\""))
                .unwrap_or_default();
            let desc = if p.descending { " DESC" } else { "" };
            format!("{base}{collate}{desc}")
        })
        .collect();
    let mut s = format!(
        "{}{} ({})",
        if ix.unique { "UNIQUE " } else { "" },
        ix.method.sql(),
        parts.join(", ")
    );
    if !ix.storage.is_empty() {
        let with: Vec<String> = ix
            .storage
            .iter()
            .map(|(k, v)| format!("{k} = {v}"))
            .collect();
        s.push_str(&format!(" WITH ({})", with.join(", ")));
    }
    if let Some(w) = &ix.predicate {
        s.push_str(&format!(" WHERE {w}"));
    }
    if let Some(c) = &ix.comment {
        s.push_str(&format!(" — {c}"));
    }
    s
}

#[component]
fn Indexes(table: Id, current: Memo<Option<Table>>) -> impl IntoView {
    let d = use_designer();
    let tid = StoredValue::new(table);
    let rows = part_of(current, |t| {
        t.indexes
            .iter()
            .map(|ix| (ix.id.clone(), describe_index(t, ix)))
            .collect::<Vec<_>>()
    });
    let cols = RwSignal::new(String::new());
    let unique = RwSignal::new(false);
    let method = RwSignal::new("btree".to_string());
    let predicate = RwSignal::new(String::new());
    view! {
        <h3>"Indexes"</h3>
        <ul class="index-list" data-testid="index-list">
            {move || rows.get().into_iter().map(|(id, text)| {
                let iid = StoredValue::new(id);
                view! { <li><span>{text}</span>
                    <button class="icon-btn danger" title="Delete index" on:click=move |_| { let i = iid.get_value(); d.edit_table("Delete index", &tid.get_value(), |t| edits::delete_index(t, &i)); }>"×"</button></li> }
            }).collect_view()}
        </ul>
        <div class="index-form">
            <input type="text" placeholder="columns or expressions, e.g. email, lower(name) desc" aria-label="Index columns" prop:value=move || cols.get() on:input=move |ev| cols.set(event_target_value(&ev)) />
            <label class="inline"><input type="checkbox" prop:checked=move || unique.get() on:change=move |ev| unique.set(event_target_checked(&ev)) />" unique"</label>
            <select aria-label="Index method" on:change=move |ev| method.set(event_target_value(&ev))>
                {["btree", "hash", "gin", "gist", "brin", "spgist"].into_iter().map(|m| view! { <option value=m>{m}</option> }).collect_view()}
            </select>
            <input type="text" placeholder="WHERE (partial), e.g. deleted_at IS NULL" aria-label="Index predicate" prop:value=move || predicate.get() on:input=move |ev| predicate.set(event_target_value(&ev)) />
            <button class="btn" on:click=move |_| {
                let keys = cols.get_untracked();
                let method = match method.get_untracked().as_str() { "hash" => IndexMethod::Hash, "gin" => IndexMethod::Gin, "gist" => IndexMethod::Gist, "brin" => IndexMethod::Brin, "spgist" => IndexMethod::Spgist, _ => IndexMethod::Btree };
                let (unique, predicate) = (unique.get_untracked(), predicate.get_untracked());
                if keys.trim().is_empty() { return; }
                d.edit_table("Add index", &tid.get_value(), |t| { edits::add_index(t, &keys, unique, method, &predicate); });
                cols.set(String::new());
            }>"Add index"</button>
        </div>
    }
}

#[component]
fn Checks(table: Id, current: Memo<Option<Table>>) -> impl IntoView {
    let d = use_designer();
    let tid = StoredValue::new(table);
    let rows = part_of(current, |t| {
        t.checks
            .iter()
            .map(|c| {
                let states = format!(
                    "{}{}",
                    if c.no_inherit { " NO INHERIT" } else { "" },
                    if c.not_valid { " NOT VALID" } else { "" }
                );
                let text = format!("{}: CHECK ({}){states}", c.name, c.expression);
                (c.id.clone(), text)
            })
            .collect::<Vec<_>>()
    });
    let expr = RwSignal::new(String::new());
    view! {
        <h3>"Checks"</h3>
        <ul class="check-list">
            {move || rows.get().into_iter().map(|(id, text)| {
                let cid = StoredValue::new(id);
                view! { <li><code>{text}</code>
                    <button class="icon-btn danger" title="Delete check" on:click=move |_| { let c = cid.get_value(); d.edit_table("Delete check", &tid.get_value(), |t| edits::delete_check(t, &c)); }>"×"</button></li> }
            }).collect_view()}
        </ul>
        <div class="check-form">
            <input type="text" placeholder="e.g. quantity > 0" aria-label="Check expression" prop:value=move || expr.get() on:input=move |ev| expr.set(event_target_value(&ev)) />
            <button class="btn" on:click=move |_| {
                let e = expr.get_untracked();
                if e.trim().is_empty() { return; }
                d.edit_table("Add check", &tid.get_value(), |t| edits::add_check(t, &e));
                expr.set(String::new());
            }>"Add check"</button>
        </div>
    }
}

/// The referenced-table choices as HTML: the browser parses a thousand `<option>`s from one
/// string in a few milliseconds, where building them one by one took most of a 50 ms frame
/// each time the form was shown or its table edited (every edit builds the form again).
fn table_options(tables: &[(Id, String)]) -> String {
    let mut html = String::from("<option value=\"\">table…</option>");
    for (id, name) in tables {
        html.push_str("<option value=\"");
        html.push_str(&escape(id.as_str()));
        html.push_str("\">");
        html.push_str(&escape(name));
        html.push_str("</option>");
    }
    html
}
