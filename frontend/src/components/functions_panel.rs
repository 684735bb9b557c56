//! The Functions tab: every function and procedure of the design as its `CREATE` statement,
//! edited as SQL (the engine worker reads it the way import and introspection do), added from a
//! template, or deleted.

use joinery_shared::ddl::create_function_sql;
use joinery_shared::model::Id;
use leptos::prelude::*;

use crate::components::sql_editor::SqlEditor;
use crate::edits;
use crate::protocol::{Request, Response};
use crate::state::use_designer;

/// The Functions tab.
#[component]
pub fn FunctionsPanel() -> impl IntoView {
    let d = use_designer();
    // Only which functions there are: when one of them changes (its save answered by the
    // engine, an undo), the other forms stay, with whatever is being typed in them.
    let ids = Memo::new(move |_| {
        d.doc.with(|doc| {
            doc.schema
                .functions
                .iter()
                .map(|f| f.id.clone())
                .collect::<Vec<_>>()
        })
    });
    let add = move |_| {
        d.edit("Add function", |doc| {
            edits::add_function(doc);
        });
    };
    view! {
        <div class="enums-panel functions-panel" data-testid="functions-panel">
            <button class="btn primary" data-testid="add-function" on:click=add>"+ Function"</button>
            {move || ids.get().into_iter().map(|id| view! { <FunctionForm id=id /> }).collect_view()}
        </div>
    }
}

#[component]
fn FunctionForm(id: Id) -> impl IntoView {
    let d = use_designer();
    // This function's title and SQL: the editor starts again from the design only when they
    // change.
    let shown = Memo::new({
        let id = id.clone();
        move |_| {
            d.doc.with(|doc| {
                let f = doc.schema.functions.iter().find(|f| f.id == id)?;
                let title = format!(
                    "{} {}({})",
                    f.kind.sql().to_lowercase(),
                    f.name,
                    f.identity_arguments()
                );
                Some((title, create_function_sql(f, false)))
            })
        }
    });
    let id = StoredValue::new(id);
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
    move || {
        shown.get().map(|(title, sql)| {
            view! {
                <div class="enum-form function-form" data-testid="function-form">
                    <div class="field-row">
                        <strong class="grow" data-testid="function-title">{title}</strong>
                        <button class="icon-btn danger" title="Delete function" on:click=move |_| {
                            let fid = id.get_value();
                            d.edit("Delete function", |doc| edits::delete_function(doc, &fid));
                        }>"×"</button>
                    </div>
                    <SqlEditor initial=sql label="Function definition" testid="function" save=save draft=format!("function {}", id.get_value()) />
                </div>
            }
        })
    }
}
