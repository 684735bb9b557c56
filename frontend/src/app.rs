//! The designer shell: header, canvas and side panel.

use leptos::prelude::*;

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <div class="shell">
            <header class="topbar">
                <span class="brand">"Joinery"</span>
                <span class="project-name" data-testid="project-name">"Untitled project"</span>
            </header>
            <main class="workspace">
                <section class="canvas" data-testid="canvas" aria-label="Schema canvas">
                    <svg class="canvas-svg" width="100%" height="100%"></svg>
                </section>
                <aside class="side-panel" data-testid="side-panel" aria-label="Side panel">
                    <h2>"SQL"</h2>
                </aside>
            </main>
        </div>
    }
}
