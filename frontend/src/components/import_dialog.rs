//! Import SQL (paste or file): every error and warning listed with its line, and nothing imported
//! partially without the user saying so. An import never destroys a design by accident: one that
//! found nothing cannot be applied, replacing the design says what goes and what comes
//! (`Replace 12 tables with 3`), and any import is one undo step. The text is read by the engine
//! worker (`protocol::import_text`), so a large dump never freezes the page.

use joinery_shared::import::ImportResult;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::edits;
use crate::engine::{self, EngineState};
use crate::protocol::{Kind, Request, Response};
use crate::state::use_designer;

/// Has the engine read `text`; `result` gets its report (unless the text changed meanwhile).
fn check(text: String, result: RwSignal<Option<ImportResult>>, checking: RwSignal<bool>) {
    checking.set(true);
    engine::request(Request::Import { text }, move |response| {
        if let Response::Import(r) = response {
            result.try_set(Some(r));
            checking.try_set(false);
        }
    });
}

/// `12 tables, 2 enums, 1 view` (the non-empty kinds), or `nothing`.
pub fn object_counts(schema: &joinery_shared::model::Schema) -> String {
    let plural = |n: usize, one: &str, many: &str| {
        (n > 0).then(|| format!("{n} {}", if n == 1 { one } else { many }))
    };
    let parts: Vec<String> = [
        plural(schema.tables.len(), "table", "tables"),
        plural(schema.enums.len(), "enum", "enums"),
        plural(schema.views.len(), "view", "views"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        "nothing".into()
    } else {
        parts.join(", ")
    }
}

fn object_total(schema: &joinery_shared::model::Schema) -> usize {
    schema.tables.len() + schema.enums.len() + schema.views.len()
}

/// The import dialog (shown when `import_open`).
#[component]
pub fn ImportDialog() -> impl IntoView {
    let d = use_designer();
    let s = crate::sync::use_sync();
    let text = RwSignal::new(String::new());
    let result: RwSignal<Option<ImportResult>> = RwSignal::new(None);
    let checking = RwSignal::new(false);
    let engine_state = engine::state();
    // The report is about the text as it was checked: any change drops a pending check.
    let forget = move || {
        engine::cancel(Kind::Import);
        checking.set(false);
        result.set(None);
    };
    let replace = RwSignal::new(true);
    // What was pasted for one project does not carry over to another: reopened in another
    // project, the dialog starts empty.
    let typed_for = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        if d.import_open.get() {
            let now = s.project_id();
            if typed_for.get_value() != now {
                text.set(String::new());
                forget();
                typed_for.set_value(now);
            }
        }
    });
    let close = move || {
        d.import_open.set(false);
        forget();
    };
    let analyse = move || check(text.get_untracked(), result, checking);
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        let promise = file.text();
        wasm_bindgen_futures::spawn_local(async move {
            if let Ok(value) = wasm_bindgen_futures::JsFuture::from(promise).await {
                forget();
                text.set(value.as_string().unwrap_or_default());
                check(text.get_untracked(), result, checking);
            }
        });
    };
    let apply = move || {
        let Some(r) = result.get_untracked() else {
            return;
        };
        let imported = r.document;
        if object_total(&imported.schema) == 0 {
            return;
        }
        let count = imported.schema.tables.len();
        let replace = replace.get_untracked();
        d.edit("Import SQL", |doc| edits::import(doc, imported, replace));
        d.selection.set(Default::default());
        d.zoom_to_fit();
        d.status.set(format!("Imported {count} tables"));
        close();
    };
    view! {
        {move || d.import_open.get().then(|| view! {
            <div class="modal-backdrop" on:click=move |_| close()>
                <div class="modal" role="dialog" aria-modal="true" aria-labelledby="import-title" data-testid="import-dialog" on:click=|ev| ev.stop_propagation()>
                    <h2 id="import-title">"Import SQL"</h2>
                    <p class="hint">"Paste a pg_dump --schema-only file, hand-written DDL, drizzle-kit migration SQL or a drizzle-kit snapshot (meta/NNNN_snapshot.json), or choose a file."</p>
                    <input type="file" accept=".sql,.txt,.json" aria-label="SQL or snapshot file" data-testid="import-file" on:change=on_file />
                    <textarea aria-label="SQL to import" class="mono import-text" rows="14" data-testid="import-text" placeholder="CREATE TABLE ..." prop:value=move || text.get()
                        on:input=move |ev| { text.set(event_target_value(&ev)); forget(); }></textarea>
                    <div class="panel-actions">
                        <button class="btn" data-testid="import-analyse" aria-busy=move || if checking.get() { "true" } else { "false" } on:click=move |_| analyse()>{move || match (checking.get(), engine_state.get()) {
                            (true, EngineState::Loading) => "Engine loading…",
                            (true, _) => "Checking…",
                            (false, _) => "Check",
                        }}</button>
                        <label class="inline"><input type="radio" name="import-mode" prop:checked=move || replace.get() on:change=move |_| replace.set(true) />" replace the design"</label>
                        <label class="inline"><input type="radio" name="import-mode" prop:checked=move || !replace.get() on:change=move |_| replace.set(false) />" merge into it"</label>
                    </div>
                    {move || result.get().map(|r| {
                        let errors = r.errors.clone();
                        let warnings = r.warnings.clone();
                        let partial = !errors.is_empty();
                        let found = object_total(&r.document.schema);
                        let incoming = object_counts(&r.document.schema);
                        let current = d.doc.with(|doc| (object_total(&doc.schema), object_counts(&doc.schema)));
                        let replacing = replace.get() && current.0 > 0;
                        let button = if found == 0 {
                            None
                        } else if replacing {
                            Some(format!("Replace {} with {incoming}", current.1))
                        } else if partial {
                            Some("Import the rest anyway".to_string())
                        } else {
                            Some("Import".to_string())
                        };
                        view! {
                            <div class="import-report" data-testid="import-report">
                                <p><strong>{format!("Found {incoming}.")}</strong>
                                   {partial.then(|| format!(" {} statement(s) could not be imported (listed below); importing brings in everything else.", errors.len()))}</p>
                                {(!errors.is_empty()).then(|| view! {
                                    <ul class="diagnostics errors" data-testid="import-errors">
                                        {errors.into_iter().map(|e| view! { <li>{format!("line {}:{} {} — {}", e.line, e.column, e.statement, e.message)}</li> }).collect_view()}
                                    </ul>
                                })}
                                {(!warnings.is_empty()).then(|| view! {
                                    <details><summary>{format!("{} statement(s) skipped (not part of the model)", warnings.len())}</summary>
                                        <ul class="diagnostics warnings" data-testid="import-warnings">
                                            {warnings.into_iter().map(|w| view! { <li>{format!("line {}:{} {} — {}", w.line, w.column, w.statement, w.message)}</li> }).collect_view()}
                                        </ul>
                                    </details>
                                })}
                                {(found == 0).then(|| view! {
                                    <p class="error-text" data-testid="import-nothing">"Nothing to import: no table, enum or view was found in this text, so the design stays as it is."</p>
                                })}
                                {(replacing && found > 0).then(|| view! {
                                    <p class="warn-text" data-testid="import-replace-warning">{format!("Replacing removes the design's {} and brings in {incoming}{}. Undo brings the design back.", current.1, if partial { " (the statements listed above are left out)" } else { "" })}</p>
                                })}
                                {button.map(|label| view! {
                                    <button class=if replacing { "btn danger-solid" } else { "btn primary" } data-testid="import-apply" on:click=move |_| apply()>{label}</button>
                                })}
                            </div>
                        }
                    })}
                    <div class="modal-footer"><button class="btn" data-testid="import-cancel" on:click=move |_| close()>"Cancel"</button></div>
                </div>
            </div>
        })}
    }
}
