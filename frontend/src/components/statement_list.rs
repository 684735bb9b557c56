//! A migration shown statement by statement, each with its hazards as coloured badges; used by
//! the Changes panel, the version comparison, the apply confirmation and the drift view.

use std::collections::HashMap;

use leptos::prelude::*;

use joinery_shared::plan::HazardKind;

use crate::api::{MigrationStatement, TableSize};

/// The CSS class of a hazard kind.
pub fn hazard_class(kind: HazardKind) -> &'static str {
    match kind {
        HazardKind::DeletesData | HazardKind::DataNotRestored => "hazard data-loss",
        HazardKind::MayFailOnExistingData => "hazard may-fail",
        HazardKind::LocksTable => "hazard locks",
        HazardKind::AuthorizationChange => "hazard authorization",
        HazardKind::NotTransactional => "hazard not-tx",
        HazardKind::IndexBuild | HazardKind::IndexDropped => "hazard",
    }
}

/// The statements, numbered, with their hazards.
#[component]
pub fn StatementList(
    #[prop(into)] statements: Signal<Vec<MigrationStatement>>,
    #[prop(optional)] testid: Option<&'static str>,
    /// Table sizes on the target under review, by `schema.table`, shown with each lock.
    #[prop(optional, into)]
    sizes: Option<Signal<HashMap<String, TableSize>>>,
) -> impl IntoView {
    view! {
        <ol class="statements" data-testid=testid.unwrap_or("statements")>
            {move || statements.get().into_iter().map(|s| {
                let risky = !s.hazards.is_empty();
                let loses_data = s.loses_data();
                view! {
                    <li class="statement" class:risky=risky class:data-loss=loses_data data-testid="statement">
                        {s.source.clone().map(|src| view! { <div class="statement-source">{src}</div> })}
                        <pre class="statement-sql" tabindex="0">{s.sql.clone()}</pre>
                        {s.lock.clone().map(|lock| {
                            let size = sizes.and_then(|m| m.with(|m| m.get(&lock.relation).map(TableSize::describe)));
                            view! {
                                <div class="statement-lock" data-testid="statement-lock" data-level=lock.level.name()>
                                    {lock.describe()}
                                    {size.map(|sz| view! { <span class="table-size" data-testid="table-size">{format!(" · {sz}")}</span> })}
                                </div>
                            }
                        })}
                        {(!s.hazards.is_empty()).then(|| view! {
                            <ul class="hazards">
                                {s.hazards.iter().map(|h| view! {
                                    <li class=hazard_class(h.kind) data-testid="hazard" data-kind=h.kind.name() title=h.message.clone()>
                                        <span class="hazard-label">{h.kind.label()}</span>
                                        <span class="hazard-message">{h.message.clone()}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
