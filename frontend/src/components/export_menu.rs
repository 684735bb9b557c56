//! The Export menu: DDL, model JSON, a Drizzle project, SVG and PNG.
//!
//! The Drizzle project's migration folder is the project's history: one drizzle-kit migration
//! per saved version (each planned from the one before), then the draft when it differs from the
//! newest version — so `drizzle-kit migrate` on an existing database applies only what is new.

use joinery_shared::model::Document;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::export::{diagram_svg, download, download_png};
use crate::state::use_designer;

/// Export menu in the toolbar.
#[component]
pub fn ExportMenu() -> impl IntoView {
    let d = use_designer();
    let s = crate::sync::use_sync();
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
            <div class="menu-items" on:click=|ev| crate::dom::close_menu(&ev)>
                <button class="btn" data-testid="export-sql" on:click=move |_| {
                    let sql = d.doc.with_untracked(|doc| joinery_shared::ddl::render_schema(&doc.schema));
                    download(&format!("{}.sql", base()), "application/sql", &sql);
                }>"PostgreSQL DDL (.sql)"</button>
                <button class="btn" data-testid="export-json" on:click=move |_| {
                    let json = d.doc.with_untracked(|doc| serde_json::to_string_pretty(doc).unwrap_or_default());
                    download(&format!("{}.joinery.json", base()), "application/json", &json);
                }>"Model (.json)"</button>
                <button class="btn" data-testid="export-drizzle" title="drizzle-orm schema files and a drizzle-kit migration folder: one migration per saved version, then the draft" on:click=move |_| {
                    let doc = d.doc.get_untracked();
                    let name = base();
                    let project = s.project_id();
                    spawn_local(async move {
                        let versions = history(&doc, project).await;
                        let mut files: Vec<(String, String)> = joinery_shared::drizzle::export_schema_ts(
                            &doc,
                            &joinery_shared::drizzle::TsOptions::default(),
                        )
                        .into_iter()
                        .map(|(p, c)| (format!("schema/{p}"), c))
                        .collect();
                        let count = versions.len();
                        files.extend(
                            joinery_shared::drizzle::export_migrations(&versions)
                                .into_iter()
                                .map(|(p, c)| (format!("migrations/{p}"), c)),
                        );
                        match crate::export::zip_files(&files) {
                            Ok(bytes) => {
                                crate::export::download_bytes(&format!("{name}-drizzle.zip"), "application/zip", &bytes);
                                d.status.set(format!("Drizzle project exported with {count} migration(s)"));
                            }
                            Err(e) => d.status.set(format!("Drizzle export failed: {e}")),
                        }
                    });
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

/// The project's saved versions as `(name, document, when)`, oldest first, then the draft `doc`
/// when it differs from the newest one. Without a server (or versions), just the draft.
async fn history(doc: &Document, project: Option<String>) -> Vec<(String, Document, u64)> {
    let now = js_sys::Date::now() as u64;
    let mut out = Vec::new();
    if let Some(id) = project {
        if let Ok(list) = crate::api::list_versions(&id).await {
            for v in list {
                let Ok(full) = crate::api::get_version(&id, v.number).await else {
                    continue;
                };
                let when = js_sys::Date::parse(&v.created_at);
                let when = if when.is_finite() { when as u64 } else { now };
                out.push((v.message.clone(), full.document, when));
            }
        }
    }
    let same = out.last().is_some_and(|(_, last, _)| {
        joinery_shared::normalize::canonical(&last.schema)
            == joinery_shared::normalize::canonical(&doc.schema)
    });
    if !same {
        let name = if out.is_empty() { "init" } else { "draft" };
        out.push((name.to_string(), doc.clone(), now));
    }
    out
}
