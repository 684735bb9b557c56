//! A small SQL editor: a textarea with line numbers beside it, a Save button and the engine's
//! verdict under it. The engine worker reads the definition; it is saved only when it reads,
//! otherwise the message (with its line and column) stays under the editor and the design is
//! untouched.
//!
//! What is typed and not yet saved is kept as a draft by the editor's `draft` key, so that it
//! survives the list being built again for an unrelated change (the trigger list is rebuilt
//! when any of the table's triggers changes, e.g. when another trigger's save lands, and the
//! form when another table is selected). A draft lasts while the
//! definition it started from is the one shown: once that changes (its own save, an undo),
//! the editor starts from the design again.

use std::cell::RefCell;
use std::collections::HashMap;

use leptos::prelude::*;

thread_local! {
    /// Unsaved text by draft key: `(the definition it started from, the text)`.
    static DRAFTS: RefCell<HashMap<String, (String, String)>> = RefCell::new(HashMap::new());
}

/// The text to start from: the draft under `key` if it started from `initial`, else `initial`
/// (and a draft that started from something else is dropped).
fn starting_text(key: Option<&str>, initial: &str) -> String {
    let Some(key) = key else {
        return initial.to_string();
    };
    DRAFTS.with(|drafts| {
        let mut drafts = drafts.borrow_mut();
        match drafts.get(key) {
            Some((base, text)) if base == initial => text.clone(),
            Some(_) => {
                drafts.remove(key);
                initial.to_string()
            }
            None => initial.to_string(),
        }
    })
}

/// Drops the draft under `key`: for an editor whose definition does not change when its text
/// is saved (a "new …" editor, once what it made is in the design).
pub fn forget_draft(key: &str) {
    DRAFTS.with(|drafts| drafts.borrow_mut().remove(key));
}

/// Records `text` as the draft under `key` (none when it is the definition itself).
fn keep_draft(key: &str, initial: &str, text: &str) {
    DRAFTS.with(|drafts| {
        let mut drafts = drafts.borrow_mut();
        if text == initial {
            drafts.remove(key);
        } else {
            drafts.insert(key.to_string(), (initial.to_string(), text.to_string()));
        }
    });
}

/// An editor for one definition; `save` returns the reader's error, if any.
#[component]
pub fn SqlEditor(
    /// The definition to start from.
    initial: String,
    /// Label for screen readers and tests.
    label: &'static str,
    /// `data-testid` prefix: `<prefix>-sql`, `<prefix>-save`, `<prefix>-error`.
    testid: &'static str,
    /// What Save does with the text; it reports a refusal through the signal (`None` clears).
    save: Callback<(String, RwSignal<Option<String>>)>,
    /// Text of the Save button.
    #[prop(default = "Save")]
    action: &'static str,
    /// Where unsaved text is kept across rebuilds of the form: one key per definition.
    #[prop(optional, into)]
    draft: Option<String>,
) -> impl IntoView {
    let text = RwSignal::new(starting_text(draft.as_deref(), &initial));
    let base = StoredValue::new((draft, initial));
    let error = RwSignal::new(None::<String>);
    let lines = move || {
        let n = text.with(|t| t.lines().count().max(1) + usize::from(t.ends_with('\n')));
        (1..=n)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    view! {
        <div class="sql-editor">
            <pre class="sql-gutter" aria-hidden="true">{lines}</pre>
            <textarea class="sql-text" spellcheck="false" aria-label=label data-testid=format!("{testid}-sql")
                rows=move || text.with(|t| t.lines().count().clamp(3, 24))
                prop:value=move || text.get()
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    base.with_value(|(key, initial)| {
                        if let Some(key) = key {
                            keep_draft(key, initial, &value);
                        }
                    });
                    text.set(value);
                    error.set(None);
                }></textarea>
        </div>
        <div class="field-row">
            <button class="btn" data-testid=format!("{testid}-save") on:click=move |_| {
                error.set(None);
                save.run((text.get_untracked(), error));
            }>{action}</button>
            {move || error.get().map(|e| view! { <span class="sql-error" role="alert" data-testid=format!("{testid}-error")>{e}</span> })}
        </div>
    }
}
