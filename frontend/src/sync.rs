//! Keeps the draft in step with the server: opens the project on start (creating one from the
//! local draft on first run), autosaves about a second after the last edit with the revision the
//! edit was based on, detects stale saves (409) and keeps working offline from localStorage.
//!
//! The offline copy of the document itself is written by `app.rs`; this module adds a small
//! record next to it (`joinery.sync.v1`: project, base revision, whether there are unsaved edits)
//! so a reload while offline still knows what to send, and on what base, once the server is back.

use std::time::Duration;

use gloo_timers::callback::Timeout;
use gloo_timers::future::sleep;
use joinery_shared::model::Document;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

use crate::api::{self, ApiError, ProjectSummary, VersionInfo};
use crate::state::Designer;

const SAVE_DELAY: Duration = Duration::from_millis(1000);
const RETRY_DELAY: Duration = Duration::from_millis(3000);

/// Where the draft stands against the server.
#[derive(Clone, Debug, PartialEq)]
pub enum SyncStatus {
    /// Looking for the server.
    Connecting,
    /// The server has exactly what is on screen.
    Saved,
    /// Edits wait for the autosave.
    Pending,
    /// A save is in flight.
    Saving,
    /// The server cannot be reached; edits are kept in this browser and sent later.
    Offline,
    /// The server wants a login: edits are kept in this browser until the user signs in.
    SignedOut,
    /// Someone else saved first: the user chooses whose draft wins.
    Conflict {
        /// The server's revision now.
        current_revision: i64,
        /// The server's explanation.
        message: String,
    },
    /// The server refused the save for another reason.
    Error(String),
}

impl SyncStatus {
    /// The short word shown in the toolbar.
    pub fn word(&self) -> &'static str {
        match self {
            SyncStatus::Connecting => "connecting",
            SyncStatus::Saved => "saved",
            SyncStatus::Pending => "unsaved",
            SyncStatus::Saving => "saving",
            SyncStatus::Offline => "offline",
            SyncStatus::SignedOut => "signed-out",
            SyncStatus::Conflict { .. } => "conflict",
            SyncStatus::Error(_) => "error",
        }
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Meta {
    project_id: Option<String>,
    revision: i64,
    dirty: bool,
}

fn load_meta() -> Meta {
    crate::storage::load_sync().unwrap_or_default()
}

fn store_meta(meta: &Meta) {
    crate::storage::save_sync(meta);
}

/// The server side of the designer, provided as context.
#[derive(Clone, Copy)]
pub struct Sync {
    d: Designer,
    /// The open project.
    pub project: RwSignal<Option<ProjectSummary>>,
    /// The open project's id: changes only when another project is opened (`project` also
    /// changes with every save's revision), for state that belongs to one project.
    pub project_key: Memo<Option<String>>,
    /// The server revision the synced document is at.
    pub revision: RwSignal<i64>,
    /// Saved / saving / offline / conflict.
    pub status: RwSignal<SyncStatus>,
    /// The project's versions, oldest first.
    pub versions: RwSignal<Vec<VersionInfo>>,
    /// The newest version's number and document (the base of the Changes panel).
    pub last_version: RwSignal<Option<(i64, Document)>>,
    /// Every project, for the projects dialog.
    pub projects: RwSignal<Vec<ProjectSummary>>,
    /// Whether the projects dialog is open.
    pub projects_open: RwSignal<bool>,
    synced: StoredValue<Option<Document>>,
    /// The pending autosave; replacing or dropping it cancels it.
    timer: StoredValue<Option<Timeout>, LocalStorage>,
    in_flight: StoredValue<bool>,
    again: StoredValue<bool>,
}

/// The sync state of the enclosing app.
pub fn use_sync() -> Sync {
    expect_context::<Sync>()
}

/// Creates the sync state, provides it as context, connects and starts autosaving.
pub fn start(d: Designer) -> Sync {
    let project = RwSignal::new(None::<ProjectSummary>);
    let s = Sync {
        d,
        project,
        project_key: Memo::new(move |_| project.with(|p| p.as_ref().map(|p| p.id.clone()))),
        revision: RwSignal::new(0),
        status: RwSignal::new(SyncStatus::Connecting),
        versions: RwSignal::new(Vec::new()),
        last_version: RwSignal::new(None),
        projects: RwSignal::new(Vec::new()),
        projects_open: RwSignal::new(false),
        synced: StoredValue::new(None),
        timer: StoredValue::new_local(None),
        in_flight: StoredValue::new(false),
        again: StoredValue::new(false),
    };
    provide_context(s);
    Effect::new(move |first: Option<()>| {
        d.doc.track();
        if first.is_some() {
            s.edited();
        }
    });
    spawn_local(async move { s.connect().await });
    s
}

impl Sync {
    /// The open project's id.
    pub fn project_id(&self) -> Option<String> {
        self.project
            .with_untracked(|p| p.as_ref().map(|p| p.id.clone()))
    }

    fn remember(&self, dirty: bool) {
        store_meta(&Meta {
            project_id: self.project_id(),
            revision: self.revision.get_untracked(),
            dirty,
        });
    }

    /// Whether the draft is the one last saved. Compared in place: a copy of a 1,000-table
    /// design on every edit was most of the frame that committed the edit.
    fn is_synced(&self) -> bool {
        self.synced.with_value(|synced| {
            synced
                .as_ref()
                .is_some_and(|s| self.d.doc.with_untracked(|doc| doc == s))
        })
    }

    /// Called on every document change: schedules the autosave.
    fn edited(&self) {
        if self.project.with_untracked(Option::is_none) {
            let mut meta = load_meta();
            meta.dirty = true;
            store_meta(&meta);
            return;
        }
        if self.is_synced() {
            if self.status.get_untracked() == SyncStatus::Pending {
                self.status.set(SyncStatus::Saved);
            }
            self.remember(false);
            return;
        }
        self.remember(true);
        match self.status.get_untracked() {
            SyncStatus::Conflict { .. }
            | SyncStatus::Offline
            | SyncStatus::SignedOut
            | SyncStatus::Saving => {}
            _ => self.status.set(SyncStatus::Pending),
        }
        self.schedule(SAVE_DELAY);
    }

    fn schedule(&self, delay: Duration) {
        let s = *self;
        let timer = Timeout::new(delay.as_millis() as u32, move || {
            spawn_local(async move { s.save_now().await });
        });
        self.timer.set_value(Some(timer));
    }

    /// Sends the draft now (unless in conflict or already synced).
    pub async fn save_now(&self) {
        if matches!(self.status.get_untracked(), SyncStatus::Conflict { .. }) {
            return;
        }
        self.send(None).await;
    }

    /// Saves with `base` (default: the known revision); `force_base` is for "keep mine".
    async fn send(&self, base: Option<i64>) {
        let Some(id) = self.project_id() else {
            return;
        };
        if self.in_flight.get_value() {
            self.again.set_value(true);
            return;
        }
        if self.is_synced() && base.is_none() {
            self.status.set(SyncStatus::Saved);
            self.remember(false);
            return;
        }
        self.in_flight.set_value(true);
        self.status.set(SyncStatus::Saving);
        let base = base.unwrap_or_else(|| self.revision.get_untracked());
        let (result, doc) = match crate::storage::draft_text(self.d.doc.get_untracked()).await {
            Ok((text, doc)) => (api::save_draft(&id, base, &text).await, doc),
            Err(e) => (
                Err(api::ApiError::Decode(e.to_string())),
                self.d.doc.get_untracked(),
            ),
        };
        self.in_flight.set_value(false);
        match result {
            Ok(revision) => {
                self.revision.set(revision);
                self.synced.set_value(Some(doc));
                let synced = self.is_synced();
                self.remember(!synced);
                self.project.update(|p| {
                    if let Some(p) = p {
                        p.revision = revision;
                    }
                });
                if synced && !self.again.get_value() {
                    self.status.set(SyncStatus::Saved);
                } else {
                    self.again.set_value(false);
                    self.status.set(SyncStatus::Pending);
                    self.schedule(Duration::from_millis(50));
                }
            }
            Err(e) if e.is_conflict() => {
                let current = e
                    .detail()
                    .and_then(|d| d.get("current_revision"))
                    .and_then(serde_json::Value::as_i64)
                    .unwrap_or(base);
                self.status.set(SyncStatus::Conflict {
                    current_revision: current,
                    message: e.to_string(),
                });
            }
            Err(e) if e.is_offline() => {
                self.status.set(SyncStatus::Offline);
                self.schedule(RETRY_DELAY);
            }
            Err(e) if e.is_unauthorized() => {
                // Signed in from another tab meanwhile? Try again; nothing is lost locally.
                self.status.set(SyncStatus::SignedOut);
                self.schedule(RETRY_DELAY);
            }
            Err(e) => self.status.set(SyncStatus::Error(e.to_string())),
        }
    }

    /// Waits for pending edits to reach the server; false when they could not.
    pub async fn flush(&self) -> bool {
        self.timer.set_value(None);
        for _ in 0..50 {
            if !self.in_flight.get_value() {
                break;
            }
            sleep(Duration::from_millis(100)).await;
        }
        if !self.is_synced() {
            self.save_now().await;
        }
        self.is_synced()
    }

    /// Keeps everything in this browser right now, synchronously: what is being typed (the
    /// focused field is committed first), the draft, whether it still has to reach the server,
    /// and the project's undo history. Called when the page is hidden or unloaded, so a reload or
    /// a closed tab a moment after an edit loses nothing.
    pub fn persist_now(&self) {
        commit_focused_field();
        let saved = self.d.doc.with_untracked(crate::storage::save_draft);
        if !saved {
            return;
        }
        match self.project_id() {
            Some(id) => {
                self.remember(!self.is_synced());
                let history = self.d.history_snapshot();
                self.d
                    .doc
                    .with_untracked(|doc| crate::storage::save_history(&id, doc, &history));
            }
            None => {
                let mut meta = load_meta();
                meta.dirty = true;
                store_meta(&meta);
            }
        }
    }

    /// Puts back the open project's undo history kept by [`Sync::persist_now`], when it was kept
    /// for exactly the document on screen.
    fn restore_history(&self) {
        let Some(id) = self.project_id() else { return };
        let history = self
            .d
            .doc
            .with_untracked(|doc| crate::storage::load_history(&id, doc));
        if let Some(history) = history {
            self.d.restore_history(history);
        }
    }

    /// Finds the server and opens (or, the first time, creates) the project.
    async fn connect(&self) {
        let projects = match api::list_projects().await {
            Ok(p) => p,
            Err(e) => {
                self.status.set(if e.is_offline() {
                    SyncStatus::Offline
                } else if e.is_unauthorized() {
                    SyncStatus::SignedOut
                } else {
                    SyncStatus::Error(e.to_string())
                });
                let s = *self;
                spawn_local(async move {
                    sleep(RETRY_DELAY).await;
                    s.connect().await
                });
                return;
            }
        };
        self.projects.set(projects.clone());
        let meta = load_meta();
        let remembered = meta
            .project_id
            .as_ref()
            .and_then(|id| projects.iter().find(|p| &p.id == id).cloned());
        match remembered {
            Some(project) if meta.dirty => {
                // Edits made while away: send them on the base they were made on.
                self.d.project_name.set(project.name.clone());
                self.project.set(Some(project.clone()));
                self.revision.set(meta.revision);
                self.restore_history();
                self.send(None).await;
                self.refresh_versions().await;
            }
            Some(project) => self.open(&project.id).await,
            None if projects.is_empty() => self.create_from_local().await,
            None => {
                let first = projects[0].id.clone();
                self.open(&first).await;
            }
        }
    }

    /// First start: the local draft becomes the first project.
    async fn create_from_local(&self) {
        let name = self.d.project_name.get_untracked();
        match api::create_project(&name, Some("empty")).await {
            Ok(project) => {
                self.project.set(Some(project.summary.clone()));
                self.revision.set(project.summary.revision);
                self.projects.update(|ps| ps.insert(0, project.summary));
                self.send(None).await;
                self.versions.set(Vec::new());
                self.last_version.set(None);
            }
            Err(e) => self.status.set(SyncStatus::Error(e.to_string())),
        }
    }

    /// Opens a project: its draft replaces the document (not undoable: it is another project).
    /// The project left keeps its undo history in this browser; the one opened gets its own
    /// back, and nothing of the other project's state (versions, status text) carries over.
    pub async fn open(&self, id: &str) {
        if self.project_id().is_some_and(|current| current != id) {
            self.persist_now();
        }
        match api::get_project(id).await {
            Ok(project) => {
                let switching = self.project_id().as_deref() != Some(id);
                if switching {
                    self.versions.set(Vec::new());
                    self.last_version.set(None);
                    self.d.status.set(String::new());
                }
                self.d.project_name.set(project.summary.name.clone());
                self.revision.set(project.summary.revision);
                self.synced.set_value(Some(project.draft.clone()));
                self.project.set(Some(project.summary));
                self.remember(false);
                self.d.load(project.draft);
                self.restore_history();
                self.status.set(SyncStatus::Saved);
                self.refresh_versions().await;
                let d = self.d;
                request_animation_frame(move || d.zoom_to_fit());
            }
            Err(e) if e.is_offline() => self.status.set(SyncStatus::Offline),
            Err(e) => self.status.set(SyncStatus::Error(e.to_string())),
        }
    }

    /// Reloads the list of projects.
    pub async fn refresh_projects(&self) {
        if let Ok(list) = api::list_projects().await {
            self.projects.set(list);
        }
    }

    /// Reloads the versions and the newest version's document.
    pub async fn refresh_versions(&self) {
        let Some(id) = self.project_id() else {
            return;
        };
        let Ok(list) = api::list_versions(&id).await else {
            return;
        };
        let newest = list.iter().map(|v| v.number).max();
        self.versions.set(list);
        match newest {
            None => self.last_version.set(None),
            Some(n)
                if self
                    .last_version
                    .with_untracked(|l| l.as_ref().map(|l| l.0))
                    == Some(n) => {}
            Some(n) => {
                if let Ok(v) = api::get_version(&id, n).await {
                    self.last_version.set(Some((n, v.document)));
                }
            }
        }
    }

    /// Conflict: take the server's draft. Undoable, so the user's own draft is one Undo away.
    pub async fn reload_theirs(&self) {
        let Some(id) = self.project_id() else {
            return;
        };
        match api::get_draft(&id).await {
            Ok(draft) => {
                self.revision.set(draft.revision);
                self.synced.set_value(Some(draft.document.clone()));
                self.status.set(SyncStatus::Saved);
                self.remember(false);
                let doc = draft.document;
                self.d
                    .edit("Reload the saved draft", move |current| *current = doc);
                self.d
                    .status
                    .set("Loaded the draft saved elsewhere; Undo brings yours back".to_string());
            }
            Err(e) => self.d.status.set(e.to_string()),
        }
    }

    /// Conflict: overwrite the server's draft with this one.
    pub async fn keep_mine(&self) {
        let current = match self.status.get_untracked() {
            SyncStatus::Conflict {
                current_revision, ..
            } => current_revision,
            _ => return,
        };
        self.status.set(SyncStatus::Pending);
        self.send(Some(current)).await;
    }

    /// Saves the draft as a new version (after sending pending edits).
    pub async fn save_version(&self, message: &str, online: bool) -> Result<i64, ApiError> {
        let Some(id) = self.project_id() else {
            return Err(ApiError::Offline("no project is open".into()));
        };
        if !self.flush().await {
            return Err(ApiError::Offline(
                "the draft could not be saved first".into(),
            ));
        }
        let version =
            api::create_version(&id, message, Some(self.revision.get_untracked()), online).await?;
        let n = version.info.number;
        self.last_version.set(Some((n, version.document)));
        self.refresh_versions().await;
        self.project.update(|p| {
            if let Some(p) = p {
                p.version_count = n;
            }
        });
        Ok(n)
    }
}

/// Commits what is being typed: blurring the focused field fires its `change` event, which is
/// when the designer's fields write into the document.
fn commit_focused_field() {
    use wasm_bindgen::JsCast;
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    if let Some(el) = active.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        if matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") {
            let _ = el.blur();
        }
    }
}
