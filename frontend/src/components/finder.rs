//! The quick finder (Ctrl+K or /): type part of a name — a table, a column (`table.column` or
//! just the column), an enum or a view — and Enter jumps to it.

use joinery_shared::model::{Id, Schema};
use leptos::html;
use leptos::prelude::*;

use crate::state::{use_designer, Panel};

/// What a hit leads to.
#[derive(Clone, Debug, PartialEq)]
enum Target {
    /// A table (or one of its columns): select it and bring it into view.
    Table(Id),
    /// An enum: the Enums tab.
    Enum,
    /// A view: the Views tab.
    View,
}

/// One hit: rank (0 exact, 1 prefix, 2 contained), what it leads to, the label and its kind.
type Hit = (u8, Target, String, &'static str);

fn rank(name: &str, q: &str) -> Option<u8> {
    let name = name.to_lowercase();
    if q.is_empty() {
        Some(2)
    } else if name == q {
        Some(0)
    } else if name.starts_with(q) {
        Some(1)
    } else if name.contains(q) {
        Some(2)
    } else {
        None
    }
}

/// Every object whose name matches `q` (lowercase), best first, at most 12.
fn search(schema: &Schema, q: &str) -> Vec<Hit> {
    let mut hits: Vec<Hit> = Vec::new();
    for t in &schema.tables {
        if let Some(r) = rank(&t.name, q) {
            hits.push((r, Target::Table(t.id.clone()), t.name.clone(), "table"));
        }
        if q.is_empty() {
            continue;
        }
        for c in &t.columns {
            let qualified = format!("{}.{}", t.name, c.name);
            let r = rank(&c.name, q).or_else(|| rank(&qualified, q).map(|r| r.max(1)));
            if let Some(r) = r {
                // A column ranks after a table of the same quality.
                hits.push((r, Target::Table(t.id.clone()), qualified, "column"));
            }
        }
    }
    for e in &schema.enums {
        if let Some(r) = rank(&e.name, q) {
            hits.push((r, Target::Enum, e.name.clone(), "enum"));
        }
    }
    for v in &schema.views {
        if let Some(r) = rank(&v.name, q) {
            hits.push((r, Target::View, v.name.clone(), "view"));
        }
    }
    let order = |kind: &str| match kind {
        "table" => 0,
        "view" => 1,
        "enum" => 2,
        _ => 3,
    };
    hits.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| order(a.3).cmp(&order(b.3)))
            .then_with(|| a.2.cmp(&b.2))
    });
    hits.truncate(12);
    hits
}

/// The finder overlay.
#[component]
pub fn Finder() -> impl IntoView {
    let d = use_designer();
    let query = RwSignal::new(String::new());
    let active = RwSignal::new(0usize);
    let input = NodeRef::<html::Input>::new();
    let matches = Memo::new(move |_| {
        let q = query.get().trim().to_lowercase();
        d.doc.with(|doc| search(&doc.schema, &q))
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
        match matches.get_untracked().get(i).map(|h| h.1.clone()) {
            Some(Target::Table(id)) => {
                d.selection.set([id.clone()].into_iter().collect());
                d.panel.set(Panel::Table);
                d.reveal_table(&id);
            }
            Some(Target::Enum) => d.panel.set(Panel::Enums),
            Some(Target::View) => d.panel.set(Panel::Views),
            None => {}
        }
        d.finder_open.set(false);
    };
    view! {
        <div class="modal-backdrop" class:hidden=move || !d.finder_open.get() on:click=move |_| d.finder_open.set(false)>
            <div class="finder" role="dialog" aria-label="Find" data-testid="finder" on:click=|ev| ev.stop_propagation()>
                <input node_ref=input type="text" aria-label="Find a table, column, enum or view" placeholder="Jump to a table, column, enum or view…" data-testid="finder-input" prop:value=move || query.get()
                    on:input=move |ev| { query.set(event_target_value(&ev)); active.set(0); }
                    on:keydown=move |ev| match ev.key().as_str() {
                        "Enter" => { ev.prevent_default(); choose(active.get_untracked()); }
                        "ArrowDown" => { ev.prevent_default(); active.update(|a| *a = (*a + 1).min(matches.get_untracked().len().saturating_sub(1))); }
                        "ArrowUp" => { ev.prevent_default(); active.update(|a| *a = a.saturating_sub(1)); }
                        "Escape" => d.finder_open.set(false),
                        _ => {}
                    } />
                <ul>
                    {move || matches.get().into_iter().enumerate().map(|(i, (_, _, name, kind))| view! {
                        <li class:active=move || active.get() == i data-testid="finder-hit" data-kind=kind on:click=move |_| choose(i)>
                            {name}<span class="finder-kind">{kind}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </div>
        </div>
    }
}
