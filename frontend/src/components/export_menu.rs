//! The Export menu: DDL, model JSON, SVG and PNG.

use leptos::prelude::*;

use crate::export::{diagram_svg, download, download_png};
use crate::state::use_designer;

/// Export menu in the toolbar.
#[component]
pub fn ExportMenu() -> impl IntoView {
    let d = use_designer();
    let base = move || {
        let name = d.project_name.get_untracked();
        let slug: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let slug = slug.trim_matches('-').to_string();
        if slug.is_empty() {
            "schema".to_string()
        } else {
            slug
        }
    };
    view! {
        <details class="menu">
            <summary class="btn" data-testid="export-menu">"Export"</summary>
            <div class="menu-items" on:click=|ev| crate::components::toolbar::close_menu(&ev)>
                <button class="btn" data-testid="export-sql" on:click=move |_| {
                    let sql = d.doc.with_untracked(|doc| joinery_shared::ddl::render_schema(&doc.schema));
                    download(&format!("{}.sql", base()), "application/sql", &sql);
                }>"PostgreSQL DDL (.sql)"</button>
                <button class="btn" data-testid="export-json" on:click=move |_| {
                    let json = d.doc.with_untracked(|doc| serde_json::to_string_pretty(doc).unwrap_or_default());
                    download(&format!("{}.joinery.json", base()), "application/json", &json);
                }>"Model (.json)"</button>
                <button class="btn" data-testid="export-drizzle" title="drizzle-orm schema files and a drizzle-kit migration folder" on:click=move |_| {
                    let files = d.doc.with_untracked(|doc| crate::export::drizzle_files(doc, "init", js_sys::Date::now() as u64));
                    match crate::export::zip_files(&files) {
                        Ok(bytes) => crate::export::download_bytes(&format!("{}-drizzle.zip", base()), "application/zip", &bytes),
                        Err(e) => d.status.set(format!("Drizzle export failed: {e}")),
                    }
                }>"Drizzle project (.zip)"</button>
                <button class="btn" data-testid="export-svg" on:click=move |_| {
                    let svg = d.doc.with_untracked(diagram_svg);
                    download(&format!("{}.svg", base()), "image/svg+xml", &svg);
                }>"Diagram (.svg)"</button>
                <button class="btn" data-testid="export-png" on:click=move |_| {
                    let svg = d.doc.with_untracked(diagram_svg);
                    download_png(&format!("{}.png", base()), &svg);
                }>"Diagram (.png)"</button>
            </div>
        </details>
    }
}
