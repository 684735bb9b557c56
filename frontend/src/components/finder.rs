//! The quick finder (Ctrl+K): type part of a table name, Enter jumps to it.

use leptos::html;
use leptos::prelude::*;

use crate::state::use_designer;

/// The finder overlay.
#[component]
pub fn Finder() -> impl IntoView {
    let d = use_designer();
    let query = RwSignal::new(String::new());
    let active = RwSignal::new(0usize);
    let input = NodeRef::<html::Input>::new();
    let matches = Memo::new(move |_| {
        let q = query.get().to_lowercase();
        d.doc.with(|doc| {
            let mut hits: Vec<(usize, joinery_shared::model::Id, String)> = doc
                .schema
                .tables
                .iter()
                .filter_map(|t| {
                    let name = t.name.to_lowercase();
                    let rank = if q.is_empty() {
                        2
                    } else if name == q {
                        0
                    } else if name.starts_with(&q) {
                        1
                    } else if name.contains(&q) {
                        2
                    } else {
                        return None;
                    };
                    Some((rank, t.id.clone(), t.name.clone()))
                })
                .collect();
            hits.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.2.cmp(&b.2)));
            hits.truncate(12);
            hits
        })
    });
    Effect::new(move |_| {
        if d.finder_open.get() {
            query.set(String::new());
            active.set(0);
            if let Some(el) = input.get() {
                let _ = el.focus();
            }
        }
    });
    let choose = move |i: usize| {
        if let Some((_, id, _)) = matches.get_untracked().get(i) {
            d.reveal_table(id);
        }
        d.finder_open.set(false);
    };
    view! {
        <div class="modal-backdrop" class:hidden=move || !d.finder_open.get() on:click=move |_| d.finder_open.set(false)>
            <div class="finder" role="dialog" aria-label="Find table" data-testid="finder" on:click=|ev| ev.stop_propagation()>
                <input node_ref=input type="text" placeholder="Jump to table…" data-testid="finder-input" prop:value=move || query.get()
                    on:input=move |ev| { query.set(event_target_value(&ev)); active.set(0); }
                    on:keydown=move |ev| match ev.key().as_str() {
                        "Enter" => { ev.prevent_default(); choose(active.get_untracked()); }
                        "ArrowDown" => { ev.prevent_default(); active.update(|a| *a = (*a + 1).min(matches.get_untracked().len().saturating_sub(1))); }
                        "ArrowUp" => { ev.prevent_default(); active.update(|a| *a = a.saturating_sub(1)); }
                        "Escape" => d.finder_open.set(false),
                        _ => {}
                    } />
                <ul>
                    {move || matches.get().into_iter().enumerate().map(|(i, (_, _, name))| view! {
                        <li class:active=move || active.get() == i on:click=move |_| choose(i)>{name}</li>
                    }).collect_view()}
                </ul>
            </div>
        </div>
    }
}
