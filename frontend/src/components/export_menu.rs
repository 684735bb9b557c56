//! The Export menu: DDL, model JSON, a Drizzle project, SVG and PNG.
//!
//! The Drizzle project's migration folder is the project's history: one drizzle-kit migration
//! per saved version (each planned from the one before), then the draft when it differs from the
//! newest version — so `drizzle-kit migrate` on an existing database applies only what is new.
//! DDL and the Drizzle project are made by the engine worker and downloaded when it answers.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::engine;
use crate::export::{diagram_svg, download, download_png};
use crate::protocol::{Request, Response, Slot, VersionEntry};
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
                    d.doc.with_untracked(|doc| engine::sync(Slot::Draft, &doc.schema));
                    let name = format!("{}.sql", base());
                    engine::request(Request::ExportSql, move |response| {
                        if let Response::Ddl(sql) = response {
                            download(&name, "application/sql", &sql);
                        }
                    });
                }>"PostgreSQL DDL (.sql)"</button>
                <button class="btn" data-testid="export-json" on:click=move |_| {
                    let json = d.doc.with_untracked(|doc| joinery_shared::pretty::pretty_json(&serde_json::to_string(doc).unwrap_or_default()));
                    download(&format!("{}.joinery.json", base()), "application/json", &json);
                }>"Model (.json)"</button>
                <button class="btn" data-testid="export-drizzle" title="drizzle-orm schema files and a drizzle-kit migration folder: one migration per saved version, then the draft" on:click=move |_| {
                    let doc = d.doc.get_untracked();
                    let name = base();
                    let project = s.project_id();
                    spawn_local(async move {
                        let versions = history(project).await;
                        let now = js_sys::Date::now() as u64;
                        let request = Request::DrizzleZip { versions, draft: doc, now };
                        engine::request(request, move |response| match response {
                            Response::DrizzleZip(Ok((bytes, count))) => {
                                crate::export::download_bytes(&format!("{name}-drizzle.zip"), "application/zip", &bytes);
                                d.status.set(format!("Drizzle project exported with {count} migration(s)"));
                            }
                            Response::DrizzleZip(Err(e)) => d.status.set(format!("Drizzle export failed: {e}")),
                            _ => {}
                        });
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

/// The project's saved versions as `(name, document, when)`, oldest first (none without a server
/// or versions); the engine adds the draft when it differs from the newest one.
async fn history(project: Option<String>) -> Vec<VersionEntry> {
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
    out
}
