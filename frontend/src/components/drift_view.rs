//! Drift between a target and the version its history says it has, in both directions: the SQL
//! that makes the database match the design, and the database pulled into the design (loaded as
//! an undoable edit).

use joinery_shared::wire::script;
use leptos::prelude::*;

use crate::api::Drift;
use crate::components::statement_list::StatementList;
use crate::edits;
use crate::export::download;
use crate::state::use_designer;

/// The drift report.
#[component]
pub fn DriftView(drift: Drift, on_close: Callback<()>) -> impl IntoView {
    let d = use_designer();
    let expected = match drift.expected_version {
        Some(n) => format!("version {n}"),
        None => "an empty database (nothing applied)".into(),
    };
    if drift.in_sync {
        return view! {
            <div class="drift" data-testid="drift" data-in-sync="true">
                <p class="ok-text">{format!("No drift: the database matches {expected}.")}</p>
                <button class="btn" on:click=move |_| on_close.run(())>"Close"</button>
            </div>
        }
        .into_any();
    }
    let to_db = drift.to_database.statements.clone();
    let to_design = drift.to_design.statements.clone();
    let to_db_sql = script(&to_db);
    let document = StoredValue::new(drift.database_document.clone());
    let pull = move |_| {
        let doc = document.get_value();
        d.edit("Pull the database into the design", |current| {
            edits::pull_database(current, doc)
        });
        d.status
            .set("Pulled the database into the design (Undo to revert)".into());
        on_close.run(());
    };
    view! {
        <div class="drift" data-testid="drift" data-in-sync="false">
            <p class="warn-text">{format!("Drift: the database differs from {expected}.")}</p>
            <h3>"Pull the database into the design"</h3>
            <p class="hint">"What was changed in the database by hand, as a change to the design:"</p>
            <StatementList statements=Signal::derive(move || to_design.clone()) testid="drift-to-design" />
            <div class="panel-actions">
                <button class="btn primary" data-testid="pull-drift" on:click=pull>"Load the database as the draft"</button>
            </div>
            <h3>"Make the database match the design"</h3>
            <p class="hint">"Run this on the database (e.g. with psql) to undo the hand changes:"</p>
            <StatementList statements=Signal::derive(move || to_db.clone()) testid="drift-to-database" />
            <div class="panel-actions">
                <button class="btn" on:click=move |_| download("repair_drift.sql", "application/sql", &to_db_sql)>"Download .sql"</button>
                <span class="spacer"></span>
                <button class="btn" on:click=move |_| on_close.run(())>"Close"</button>
            </div>
        </div>
    }
    .into_any()
}
