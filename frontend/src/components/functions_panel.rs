//! The Functions tab: every function and procedure of the design as its `CREATE` statement,
//! edited as SQL (the engine worker reads it the way import and introspection do), added from a
//! template, or deleted.

use joinery_shared::ddl::create_function_sql;
use joinery_shared::model::Function;
use leptos::prelude::*;

use crate::components::sql_editor::SqlEditor;
use crate::edits;
use crate::protocol::{Request, Response};
use crate::state::use_designer;

/// The Functions tab.
#[component]
pub fn FunctionsPanel() -> impl IntoView {
    let d = use_designer();
    let functions = Memo::new(move |_| d.doc.with(|doc| doc.schema.functions.clone()));
    let add = move |_| {
        d.edit("Add function", |doc| {
            edits::add_function(doc);
        });
    };
    view! {
        <div class="enums-panel functions-panel" data-testid="functions-panel">
            <button class="btn primary" data-testid="add-function" on:click=add>"+ Function"</button>
            {move || functions.get().into_iter().map(|f| view! { <FunctionForm f=f /> }).collect_view()}
        </div>
    }
}

#[component]
fn FunctionForm(f: Function) -> impl IntoView {
    let d = use_designer();
    let id = StoredValue::new(f.id.clone());
    let title = format!(
        "{} {}({})",
        f.kind.sql().to_lowercase(),
        f.name,
        f.identity_arguments()
    );
    let save = Callback::new(move |(sql, error): (String, RwSignal<Option<String>>)| {
        crate::engine::request(Request::ReadFunction { sql }, move |reply| {
            let Response::Function(read) = reply else {
                return;
            };
            match read {
                Ok(f) => {
                    let mut result = Ok(());
                    d.edit("Edit function", |doc| {
                        result = edits::set_function(doc, &id.get_value(), f);
                    });
                    error.set(result.err());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    });
    view! {
        <div class="enum-form function-form" data-testid="function-form">
            <div class="field-row">
                <strong class="grow" data-testid="function-title">{title}</strong>
                <button class="icon-btn danger" title="Delete function" on:click=move |_| {
                    let fid = id.get_value();
                    d.edit("Delete function", |doc| edits::delete_function(doc, &fid));
                }>"×"</button>
            </div>
            <SqlEditor initial=create_function_sql(&f, false) label="Function definition" testid="function" save=save />
        </div>
    }
}
