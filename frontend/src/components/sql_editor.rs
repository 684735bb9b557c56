//! A small SQL editor: a textarea with line numbers beside it, a Save button and the engine's
//! verdict under it. The engine worker reads the definition; it is saved only when it reads,
//! otherwise the message (with its line and column) stays under the editor and the design is
//! untouched.

use leptos::prelude::*;

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
) -> impl IntoView {
    let text = RwSignal::new(initial);
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
                on:input=move |ev| { text.set(event_target_value(&ev)); error.set(None); }></textarea>
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
