//! Applying to a target: first a confirmation showing every pending migration's SQL with its
//! hazards, the lock each statement takes and how big that table is on the target, then live
//! per-statement progress from the server's Server-Sent Events (lock retries, index build
//! progress), and the database's own error text with the failing statement when something fails.
//!
//! With `to_version`, the dialog reviews and applies one version directly: the plan is made by
//! the server from the target's live schema, and the run is refused if the plan changed since
//! this review. Statements that delete data need the target's name typed, on top of the hazard
//! ticks.

use leptos::prelude::*;
use leptos::task::spawn_local;

use std::collections::HashMap;

use crate::api::{self, ApplyEvent, RunEvent, StoredMigration, TableSize};
use crate::components::hazard_consent::{self, HazardConsent};
use crate::components::statement_list::StatementList;
use crate::sync::use_sync;

/// One line of progress.
#[derive(Clone, Debug, PartialEq)]
struct Line {
    class: &'static str,
    text: String,
}

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Loading,
    Confirm(Vec<StoredMigration>),
    Running,
    Succeeded,
    Failed,
}

/// The console line of a progress event: its CSS class and text.
fn progress_line(event: &ApplyEvent) -> (&'static str, String) {
    match event {
        ApplyEvent::WaitingForLock {} => (
            "muted",
            "Waiting for another apply to this database to finish…".into(),
        ),
        ApplyEvent::Locked { .. } => ("muted", "Lock taken.".into()),
        ApplyEvent::Plan { pending, .. } => {
            ("muted", format!("{} migration(s) to apply.", pending.len()))
        }
        ApplyEvent::MigrationStarted { name, total, .. } => {
            ("started", format!("▶ {name} ({total} statements)"))
        }
        ApplyEvent::Statement {
            index,
            total,
            sql,
            ms,
            ..
        } => (
            "statement",
            format!("✓ {}/{total} {sql} ({ms} ms)", index + 1),
        ),
        ApplyEvent::LockRetry {
            statement_index,
            attempt,
            of,
            wait_ms,
            ..
        } => (
            "retry",
            format!(
                "↻ statement {} waited too long for a lock another session holds; rolled \
                 back, retry {attempt} of {of} in {wait_ms} ms",
                statement_index + 1
            ),
        ),
        ApplyEvent::IndexProgress {
            statement_index,
            progress: p,
            ..
        } => {
            let part = |done: i64, total: i64, unit: &str| {
                (total > 0).then(|| format!(", {}% of {total} {unit}", done * 100 / total))
            };
            let detail = part(p.blocks_done, p.blocks_total, "blocks")
                .or_else(|| part(p.tuples_done, p.tuples_total, "rows"))
                .unwrap_or_default();
            (
                "progress",
                format!("… statement {}: {}{detail}", statement_index + 1, p.phase),
            )
        }
        ApplyEvent::MigrationFinished {
            name, execution_ms, ..
        } => ("finished", format!("✔ {name} applied in {execution_ms} ms")),
        ApplyEvent::MigrationFailed {
            name,
            statement_index,
            ..
        } => (
            "failed",
            format!("✘ {name} failed at statement {}", statement_index + 1),
        ),
    }
}

/// The apply dialog.
/// Polls run `aid`'s record until it is over, when its progress stream was lost: the dialog
/// never stays "running" for a run that ended, nor claims an outcome it does not know.
async fn follow_record(
    id: String,
    aid: String,
    phase: RwSignal<Phase>,
    error: RwSignal<Option<String>>,
    push: impl Fn(&'static str, String) + 'static,
) {
    let mut misses = 0;
    loop {
        gloo_timers::future::sleep(std::time::Duration::from_secs(2)).await;
        if phase.get_untracked() != Phase::Running {
            return;
        }
        match api::read_run(&id, &aid).await {
            Ok(run) if run.status == "running" => misses = 0,
            Ok(run) if run.status == "succeeded" => {
                push("finished", "Done: every migration applied.".into());
                phase.set(Phase::Succeeded);
                return;
            }
            Ok(run) => {
                let message = run
                    .result
                    .as_ref()
                    .and_then(|r| r.get("message"))
                    .and_then(|m| m.as_str())
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("The run ended: {}.", run.status));
                error.set(Some(message));
                push("failed", format!("Stopped ({}).", run.status));
                phase.set(Phase::Failed);
                return;
            }
            Err(_) => {
                misses += 1;
                if misses >= 5 {
                    error.set(Some(
                        "Lost contact with the server: this run's outcome is unknown here. \
                         The target's run history shows it once the server answers."
                            .into(),
                    ));
                    phase.set(Phase::Failed);
                    return;
                }
            }
        }
    }
}

#[component]
pub fn ApplyDialog(
    target_id: String,
    target_name: String,
    on_close: Callback<()>,
    /// Apply this version directly, planned from the target's live schema.
    #[prop(optional)]
    to_version: Option<i64>,
) -> impl IntoView {
    let s = use_sync();
    let tid = StoredValue::new(target_id);
    let tname = StoredValue::new(target_name.clone());
    // The checksum of the direct plan shown, sent back so the server runs exactly it.
    let reviewed = StoredValue::new(None::<String>);
    let sizes = RwSignal::new(HashMap::<String, TableSize>::new());
    // Typed by the user to confirm statements that delete data.
    let typed_name = RwSignal::new(String::new());
    let phase = RwSignal::new(Phase::Loading);
    let lines = RwSignal::new(Vec::<Line>::new());
    let failure = RwSignal::new(None::<(String, String)>);
    let error = RwSignal::new(None::<String>);
    let allowed = RwSignal::new(std::collections::BTreeSet::<String>::new());
    // Set when the run refused because the target changed by hand; "Apply anyway" retries.
    let drifted = RwSignal::new(false);
    let allow_drift = RwSignal::new(false);
    // Every hazard kind the pending statements carry must be ticked before Apply is enabled.
    let deletes_data = move || {
        phase.with(|p| match p {
            Phase::Confirm(pending) => pending.iter().flat_map(|m| m.statements.iter()).any(|st| {
                st.hazards
                    .iter()
                    .any(|h| h.kind == joinery_shared::plan::HazardKind::DeletesData)
            }),
            _ => false,
        })
    };
    let consented = move || {
        let ticked = phase.with(|p| match p {
            Phase::Confirm(pending) => hazard_consent::required(pending)
                .iter()
                .all(|(kind, _, _)| allowed.with(|a| a.contains(kind))),
            _ => false,
        });
        ticked && (!deletes_data() || typed_name.with(|t| t.trim() == tname.get_value()))
    };
    // The run being followed, for its record when the stream is lost.
    let run_id = StoredValue::new(None::<String>);
    // The run's progress stream, open while the run goes (dropping it closes it).
    let progress = StoredValue::new_local(None::<api::RunProgress>);
    // Taken out before it is dropped, so the stream closes outside the store's lock.
    let close = move || drop(progress.try_update_value(Option::take));

    // How big each table is on the target, to show next to the statements that lock it.
    spawn_local(async move {
        let Some(id) = s.project_id() else { return };
        if let Ok(list) = api::target_tables(&id, &tid.get_value()).await {
            sizes.set(list.into_iter().map(|t| (t.relation.clone(), t)).collect());
        }
    });
    // What would run: the pending migrations, with their SQL (or the direct plan).
    spawn_local(async move {
        let Some(id) = s.project_id() else { return };
        let result = async {
            if let Some(version) = to_version {
                let review = api::review_direct(&id, &tid.get_value(), version).await?;
                let plan: Vec<StoredMigration> = review
                    .pending
                    .into_iter()
                    .map(|p| {
                        reviewed.set_value(Some(p.checksum.clone()));
                        StoredMigration {
                            version: p.version,
                            name: p.name,
                            sql: String::new(),
                            checksum: p.checksum,
                            statements: p.statements,
                            created_at: String::new(),
                        }
                    })
                    .collect();
                return Ok(plan);
            }
            let status = api::target_status(&id, &tid.get_value()).await?;
            let all = api::list_migrations(&id).await?;
            let pending: Vec<StoredMigration> = all
                .into_iter()
                .filter(|m| status.pending.iter().any(|p| p.version == m.version))
                .collect();
            Ok::<_, api::ApiError>(pending)
        }
        .await;
        match result {
            Ok(pending) => phase.set(Phase::Confirm(pending)),
            Err(e) => {
                error.set(Some(e.to_string()));
                phase.set(Phase::Failed);
            }
        }
    });

    let push =
        move |class: &'static str, text: String| lines.update(|l| l.push(Line { class, text }));

    let on_event = move |event: RunEvent| match event {
        RunEvent::Progress(event) => {
            let (class, line) = progress_line(&event);
            push(class, line);
            if let ApplyEvent::MigrationFailed {
                error, statement, ..
            } = event
            {
                failure.set(Some((error, statement)));
            }
        }
        RunEvent::Finished => {
            close();
            push("finished", "Done: every migration applied.".into());
            phase.set(Phase::Succeeded);
        }
        RunEvent::Failed { code, message } => {
            close();
            drifted.set(code == "drifted");
            if failure.with_untracked(Option::is_none) {
                error.set(Some(message));
            }
            push(
                "failed",
                "Stopped. The failed migration was rolled back.".into(),
            );
            phase.set(Phase::Failed);
        }
        RunEvent::Lost => {
            close();
            push(
                "muted",
                "The progress stream was lost; following the run's record instead…".into(),
            );
            let (Some(id), Some(aid)) = (s.project_id(), run_id.get_value()) else {
                return;
            };
            spawn_local(follow_record(id, aid, phase, error, push));
        }
    };

    let start = move || {
        let Some(id) = s.project_id() else { return };
        phase.set(Phase::Running);
        spawn_local(async move {
            let request = api::ApplyRequest {
                allow_hazards: allowed.get_untracked().into_iter().collect(),
                allow_drift: allow_drift.get_untracked(),
                to_version,
                reviewed_checksum: reviewed.get_value(),
            };
            let started = match api::start_apply(&id, &tid.get_value(), &request).await {
                Ok(s) => s,
                Err(e) => {
                    error.set(Some(e.to_string()));
                    phase.set(Phase::Failed);
                    return;
                }
            };
            run_id.set_value(Some(started.apply_id.clone()));
            let Ok(watching) = api::watch_run(&started.events_url, on_event) else {
                error.set(Some("the browser cannot open the progress stream".into()));
                phase.set(Phase::Failed);
                return;
            };
            progress.set_value(Some(watching));
        });
    };
    // Escape closes the dialog, except while a run is going (its result must be seen).
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && phase.get_untracked() != Phase::Running {
            on_close.run(());
        }
    });
    on_cleanup(move || {
        escape.remove();
        close();
    });

    view! {
        <div class="modal-backdrop" data-testid="apply-dialog">
            <div class="modal apply-modal" role="dialog" aria-label="Apply migrations">
                <h2>{format!("Apply to {target_name}")}</h2>
                {move || match phase.get() {
                    Phase::Loading => view! { <p class="hint">"Reading the target's history…"</p> }.into_any(),
                    Phase::Confirm(pending) if pending.is_empty() => view! { <p class="hint">"Nothing to apply: the target is up to date."</p> }.into_any(),
                    Phase::Confirm(pending) if to_version.is_some() && pending.iter().all(|m| m.statements.is_empty()) => view! {
                        <p class="hint" data-testid="direct-empty">"The database already has this version's schema: applying records it (and any version before it not applied) in the target's history without running anything."</p>
                    }.into_any(),
                    Phase::Confirm(pending) => {
                        let hazards: usize = pending.iter().flat_map(|m| m.statements.iter()).filter(|s| !s.hazards.is_empty()).count();
                        view! {
                            <p class="hint">{format!("{} migration(s) will run, each in its own transaction.", pending.len())}
                                {(hazards > 0).then(|| view! { <strong class="warn-text" data-testid="apply-hazard-count">{format!(" {hazards} statement(s) have hazards: read them before applying.")}</strong> })}
                            </p>
                            {to_version.map(|v| view! {
                                <p class="hint" data-testid="direct-note">{format!("Version {v} applied directly: this plan was made from what the database is now, skipping any version not applied. It runs only if the database is still the same when you apply.")}</p>
                            })}
                            <HazardConsent kinds=hazard_consent::required(&pending) allowed=allowed />
                            {deletes_data().then(|| view! {
                                <label class="confirm-name">
                                    {format!("Some statements delete data. Type the target's name ({}) to confirm:", tname.get_value())}
                                    <input type="text" aria-label="Target name to confirm" data-testid="confirm-target-name" data-target=tname.get_value() autocomplete="off" prop:value=move || typed_name.get()
                                        on:input=move |ev| typed_name.set(event_target_value(&ev)) />
                                </label>
                            })}
                            {pending.into_iter().map(|m| view! {
                                <section class="pending-migration" data-testid="pending-migration">
                                    <h3 class="mono">{m.name.clone()}</h3>
                                    <StatementList statements=Signal::derive(move || m.statements.clone()) testid="apply-statements" sizes=sizes />
                                </section>
                            }).collect_view()}
                        }.into_any()
                    }
                    _ => view! {
                        <ol class="apply-log" data-testid="apply-log">
                            {move || lines.get().into_iter().map(|l| view! { <li class=l.class>{l.text}</li> }).collect_view()}
                        </ol>
                    }.into_any(),
                }}
                {move || failure.get().map(|(err, stmt)| view! {
                    <div class="db-error" data-testid="apply-error">
                        <p><strong>"The database said: "</strong><span data-testid="db-message">{err}</span></p>
                        <p>"Failing statement:"</p>
                        <pre class="sql" tabindex="0" data-testid="failed-statement">{stmt}</pre>
                        <p class="hint">"The migration's transaction was rolled back: the target is unchanged by it."</p>
                    </div>
                })}
                {move || error.get().map(|e| view! { <pre class="db-error" data-testid="apply-error-message">{e}</pre> })}
                <div class="modal-footer">
                    {move || matches!(phase.get(), Phase::Confirm(ref p) if !p.is_empty()).then(|| view! {
                        <button class="btn primary" data-testid="confirm-apply" disabled=move || !consented()
                            title=move || if consented() { "Apply the pending migrations" } else { "Tick every hazard above (and type the target's name where data is deleted) first" }
                            on:click=move |_| start()>"Apply now"</button>
                    })}
                    {move || (phase.get() == Phase::Succeeded).then(|| view! { <span class="ok-text" data-testid="apply-succeeded">"Applied."</span> })}
                    {move || (phase.get() == Phase::Failed).then(|| view! { <span class="error-text" data-testid="apply-failed">"Failed."</span> })}
                    {move || (phase.get() == Phase::Failed && drifted.get()).then(|| view! {
                        <button class="btn danger" data-testid="apply-anyway"
                            title="The target was changed by hand since the last apply; apply the pending migrations over those changes"
                            on:click=move |_| {
                                allow_drift.set(true);
                                drifted.set(false);
                                error.set(None);
                                lines.set(Vec::new());
                                start();
                            }>"Apply anyway"</button>
                    })}
                    <button class="btn" data-testid="close-apply" disabled=move || phase.get() == Phase::Running on:click=move |_| on_close.run(())>
                        {move || if matches!(phase.get(), Phase::Confirm(_) | Phase::Loading) { "Cancel" } else { "Close" }}
                    </button>
                </div>
            </div>
        </div>
    }
}
