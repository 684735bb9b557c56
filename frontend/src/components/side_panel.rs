//! The side panel with its tabs.

use leptos::prelude::*;

use crate::components::changes_panel::ChangesPanel;
use crate::components::console::ConsolePanel;
use crate::components::enums_panel::EnumsPanel;
use crate::components::problems_panel::ProblemsPanel;
use crate::components::sql_panel::SqlPanel;
use crate::components::table_editor::TableEditor;
use crate::components::versions::VersionsPanel;
use crate::components::views_panel::ViewsPanel;
use crate::state::{use_designer, Panel};

/// The side panel.
#[component]
pub fn SidePanel() -> impl IntoView {
    let d = use_designer();
    let tab = move |panel: Panel, label: &'static str, testid: &'static str| {
        view! {
            <button role="tab" class="tab" class:active=move || d.panel.get() == panel aria-selected=move || (d.panel.get() == panel).to_string()
                data-testid=testid on:click=move |_| d.panel.set(panel)>
                {label}
                {(panel == Panel::Problems).then(|| view! { <span class="badge" class:zero=move || d.problems.with(|p| p.is_empty())>{move || d.problems.with(|p| p.len())}</span> })}
            </button>
        }
    };
    view! {
        <aside class="side-panel" data-testid="side-panel" aria-label="Side panel">
            <nav class="tabs" role="tablist">
                {tab(Panel::Table, "Table", "tab-table")}
                {tab(Panel::Sql, "SQL", "tab-sql")}
                {tab(Panel::Enums, "Enums", "tab-enums")}
                {tab(Panel::Views, "Views", "tab-views")}
                {tab(Panel::Problems, "Problems", "tab-problems")}
                {tab(Panel::Changes, "Changes", "tab-changes")}
                {tab(Panel::Versions, "Versions", "tab-versions")}
                {tab(Panel::Console, "Console", "tab-console")}
            </nav>
            <div class="panel-body">
                {move || match d.panel.get() {
                    Panel::Table => view! { <TableEditor /> }.into_any(),
                    Panel::Sql => view! { <SqlPanel /> }.into_any(),
                    Panel::Enums => view! { <EnumsPanel /> }.into_any(),
                    Panel::Views => view! { <ViewsPanel /> }.into_any(),
                    Panel::Problems => view! { <ProblemsPanel /> }.into_any(),
                    Panel::Changes => view! { <ChangesPanel /> }.into_any(),
                    Panel::Versions => view! { <VersionsPanel /> }.into_any(),
                    Panel::Console => view! { <ConsolePanel /> }.into_any(),
                }}
            </div>
        </aside>
    }
}
