//! The selected table's editor: name, columns (type, NOT NULL, PK, UNIQUE, default, identity),
//! relationships, indexes and checks. Every change is one undoable edit, committed on `change`
//! (blur or Enter), not per keystroke.

use joinery_shared::diagram::svg::escape;
use joinery_shared::model::{
    Column, ForeignKey, Id, Identity, Index, IndexKey, IndexMethod, ReferentialAction, Schema,
    Table,
};
use leptos::prelude::*;

use crate::actions::{add_table, create_relationship, delete_selection};
use crate::edits::{self, display_default};
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

/// The side-panel editor of the selected table.
#[component]
pub fn TableEditor() -> impl IntoView {
    let d = use_designer();
    let selected = Memo::new(move |_| d.selected_table());
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
    let schema_snapshot = Memo::new(move |_| d.doc.with(|doc| doc.schema.enums.clone()));
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

    view! {
        {move || table.get().map(|t| {
            let enums = schema_snapshot.get();
            let schema_for_types = Schema { enums: enums.clone(), ..Default::default() };
            let color = d.doc.with_untracked(|doc| doc.layout.placements.get(&t.id).and_then(|p| p.color.clone())).unwrap_or_else(|| "#2f6feb".into());
            view! {
                <div class="table-form" data-testid="table-editor">
                    <div class="field-row">
                        <label class="field grow">
                            <span>"Table name"</span>
                            <input data-testid="table-name" type="text" prop:value=t.name.clone()
                                on:change=move |ev| { let v = event_target_value(&ev).trim().to_string(); d.edit_table("Rename table", &tid.get_value(), |t| edits::rename_table(t, &v)); } />
                        </label>
                        <label class="field narrow">
                            <span>"Schema"</span>
                            <input type="text" prop:value=t.schema.clone()
                                on:change=move |ev| { let v = event_target_value(&ev); d.edit_table("Move table to schema", &tid.get_value(), |t| edits::set_table_schema(t, &v)); } />
                        </label>
                        <label class="field tiny">
                            <span>"Color"</span>
                            <input type="color" prop:value=color
                                on:change=move |ev| { let v = event_target_value(&ev); let id = tid.get_value(); d.edit("Color table", |doc| edits::set_table_color(doc, &id, v)); } />
                        </label>
                    </div>
                    {(!problems.get().is_empty()).then(|| view! {
                        <ul class="problems inline" data-testid="table-problems">
                            {problems.get().into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                        </ul>
                    })}
                    <h3>"Columns"</h3>
                    <datalist id="type-suggestions">
                        {TYPE_SUGGESTIONS.iter().map(|s| view! { <option value=*s></option> }).collect_view()}
                        {enums.iter().map(|e| view! { <option value=e.name.clone()></option> }).collect_view()}
                    </datalist>
                    <div class="columns" data-testid="columns">
                        <div class="column-head"><span>"name"</span><span>"type"</span><span title="NOT NULL">"NN"</span><span title="Primary key">"PK"</span><span title="Unique">"UQ"</span><span>"default"</span><span></span></div>
                        {t.columns.iter().enumerate().map(|(i, c)| {
                            let cid = StoredValue::new(c.id.clone());
                            let in_pk = t.primary_key.as_ref().is_some_and(|pk| pk.columns.contains(&c.id));
                            let unique = t.uniques.iter().any(|u| u.columns.len() == 1 && u.columns[0] == c.id);
                            let type_text = short_type(joinery_shared::ddl::column_type_sql(&schema_for_types, &c.ty));
                            let default_text = c.default.as_ref().map(display_default).unwrap_or_default();
                            let schema_for_parse = schema_for_types.clone();
                            let last = i + 1 == t.columns.len();
                            view! {
                                <div class="column-row" data-testid="column-row">
                                    <input class="col-name-input" aria-label="Column name" type="text" title=c.name.clone() prop:value=c.name.clone()
                                        on:change=move |ev| { let v = event_target_value(&ev); let c = cid.get_value(); d.edit_table("Rename column", &tid.get_value(), |t| edits::rename_column(t, &c, &v)); } />
                                    <input class="col-type-input" aria-label="Column type" type="text" list="type-suggestions" title=type_text.clone() prop:value=type_text
                                        on:change=move |ev| {
                                            let v = event_target_value(&ev);
                                            let ty = joinery_shared::normalize::parse_type_name(v.trim(), &schema_for_parse);
                                            let c = cid.get_value();
                                            d.edit_table("Change column type", &tid.get_value(), |t| edits::set_column_type(t, &c, ty));
                                        } />
                                    <input type="checkbox" aria-label="Not null" prop:checked=c.not_null || in_pk disabled=in_pk
                                        on:change=move |ev| { let on = event_target_checked(&ev); let c = cid.get_value(); d.edit_table(if on { "Set NOT NULL" } else { "Drop NOT NULL" }, &tid.get_value(), |t| edits::set_not_null(t, &c, on)); } />
                                    <input type="checkbox" aria-label="Primary key" prop:checked=in_pk
                                        on:change=move |ev| { let on = event_target_checked(&ev); let c = cid.get_value(); d.edit_table("Change primary key", &tid.get_value(), |t| edits::set_primary_key(t, &c, on)); } />
                                    <input type="checkbox" aria-label="Unique" prop:checked=unique
                                        on:change=move |ev| { let on = event_target_checked(&ev); let c = cid.get_value(); d.edit_table("Change unique", &tid.get_value(), |t| edits::set_unique(t, &c, on)); } />
                                    <input class="col-default-input" aria-label="Default" type="text" placeholder="default" title=default_text.clone() prop:value=default_text
                                        on:change=move |ev| {
                                            let v = event_target_value(&ev);
                                            let c = cid.get_value();
                                            d.edit_table("Change default", &tid.get_value(), |t| edits::set_default(t, &c, &v));
                                        } />
                                    <span class="row-actions">
                                        <button class="icon-btn" title="Move up" aria-label="Move column up" disabled=i == 0
                                            on:click=move |_| { let c = cid.get_value(); d.edit_table("Reorder columns", &tid.get_value(), |t| edits::move_column(t, &c, true)); }>"↑"</button>
                                        <button class="icon-btn" title="Move down" aria-label="Move column down" disabled=last
                                            on:click=move |_| { let c = cid.get_value(); d.edit_table("Reorder columns", &tid.get_value(), |t| edits::move_column(t, &c, false)); }>"↓"</button>
                                        <button class="icon-btn danger" title="Delete column" aria-label="Delete column"
                                            on:click=move |_| { let c = cid.get_value(); let t = tid.get_value(); d.edit("Delete column", |doc| edits::delete_column(doc, &t, &c)); }>"×"</button>
                                    </span>
                                    <ColumnExtras table=tid.get_value() column=c.clone() />
                                </div>
                            }
                        }).collect_view()}
                    </div>
                    <button class="btn" data-testid="add-column" on:click=move |_| d.edit_table("Add column", &tid.get_value(), edits::add_column)>"+ Add column"</button>
                    <ForeignKeys table=t.clone() tables=other_tables />
                    <Indexes table=t.clone() />
                    <Checks table=t.clone() />
                    <crate::components::policies::Policies table=t.clone() />
                    <crate::components::triggers::Triggers table=t.clone() />
                    <label class="field">
                        <span>"Comment"</span>
                        <textarea rows="2" prop:value=t.comment.clone().unwrap_or_default()
                            on:change=move |ev| { let v = event_target_value(&ev); d.edit_table("Comment table", &tid.get_value(), |t| edits::set_table_comment(t, v)); }></textarea>
                    </label>
                    <button class="btn danger" data-testid="delete-table" on:click=move |_| delete_selection(d)>"Delete table"</button>
                </div>
            }
        })}
    }
}

/// Identity and comment of one column, folded away until needed.
#[component]
fn ColumnExtras(table: Id, column: Column) -> impl IntoView {
    let d = use_designer();
    let tid = StoredValue::new(table);
    let cid = StoredValue::new(column.id.clone());
    let identity = match column.identity {
        Some(Identity::Always) => "always",
        Some(Identity::ByDefault) => "by_default",
        None => "",
    };
    view! {
        <details class="column-extras">
            <summary>"more"</summary>
            <label class="field"><span>"Identity"</span>
                <select on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let c = cid.get_value();
                    let identity = match v.as_str() { "always" => Some(Identity::Always), "by_default" => Some(Identity::ByDefault), _ => None };
                    d.edit_table("Change identity", &tid.get_value(), |t| edits::set_identity(t, &c, identity));
                }>
                    <option value="" selected=identity.is_empty()>"none"</option>
                    <option value="always" selected=identity == "always">"GENERATED ALWAYS"</option>
                    <option value="by_default" selected=identity == "by_default">"GENERATED BY DEFAULT"</option>
                </select>
            </label>
            <label class="field"><span>"Generated (stored) expression"</span>
                <input type="text" prop:value=column.generated.clone().unwrap_or_default() on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let c = cid.get_value();
                    d.edit_table("Change generated expression", &tid.get_value(), |t| edits::set_generated(t, &c, &v));
                } />
            </label>
            <label class="field"><span>"Comment"</span>
                <input type="text" prop:value=column.comment.clone().unwrap_or_default() on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let c = cid.get_value();
                    d.edit_table("Comment column", &tid.get_value(), |t| edits::set_column_comment(t, &c, v));
                } />
            </label>
        </details>
    }
}

#[component]
fn ForeignKeys(table: Table, tables: Memo<Vec<(Id, String)>>) -> impl IntoView {
    let d = use_designer();
    let tid = StoredValue::new(table.id.clone());
    let new_col = RwSignal::new(
        table
            .columns
            .first()
            .map(|c| c.id.to_string())
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
    let describe = move |fk: &ForeignKey| {
        d.doc.with_untracked(|doc| {
            let t = doc.schema.table(&tid.get_value());
            let r = doc.schema.table(&fk.ref_table);
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
                cols(t, &fk.columns),
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
        })
    };
    view! {
        <h3>"Relationships"</h3>
        <ul class="fk-list" data-testid="fk-list">
            {table.foreign_keys.iter().map(|fk| {
                let fid = StoredValue::new(fk.id.clone());
                let text = describe(fk);
                view! {
                    <li>
                        <span class="fk-text">{text}</span>
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
            <select aria-label="Referencing column" on:change=move |ev| new_col.set(event_target_value(&ev))>
                {table.columns.iter().map(|c| view! { <option value=c.id.to_string()>{c.name.clone()}</option> }).collect_view()}
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

#[component]
fn Indexes(table: Table) -> impl IntoView {
    let d = use_designer();
    let tid = StoredValue::new(table.id.clone());
    let cols = RwSignal::new(String::new());
    let unique = RwSignal::new(false);
    let method = RwSignal::new("btree".to_string());
    let predicate = RwSignal::new(String::new());
    let describe = |t: &Table, ix: &Index| {
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
    };
    view! {
        <h3>"Indexes"</h3>
        <ul class="index-list" data-testid="index-list">
            {table.indexes.iter().map(|ix| {
                let iid = StoredValue::new(ix.id.clone());
                view! { <li><span>{describe(&table, ix)}</span>
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
fn Checks(table: Table) -> impl IntoView {
    let d = use_designer();
    let tid = StoredValue::new(table.id.clone());
    let expr = RwSignal::new(String::new());
    view! {
        <h3>"Checks"</h3>
        <ul class="check-list">
            {table.checks.iter().map(|c| {
                let cid = StoredValue::new(c.id.clone());
                let states = format!(
                    "{}{}",
                    if c.no_inherit { " NO INHERIT" } else { "" },
                    if c.not_valid { " NOT VALID" } else { "" }
                );
                view! { <li><code>{format!("{}: CHECK ({}){states}", c.name, c.expression)}</code>
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
