//! A migration shown statement by statement, each with its hazards as coloured badges; used by
//! the Changes panel, the version comparison, the apply confirmation and the drift view.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::api::{StatementInfo, TableSize};

/// The CSS class of a hazard kind.
pub fn hazard_class(kind: &str) -> &'static str {
    match kind {
        "deletes_data" => "hazard data-loss",
        "may_fail_on_existing_data" => "hazard may-fail",
        "locks_table" => "hazard locks",
        "not_transactional" => "hazard not-tx",
        "data_not_restored" => "hazard data-loss",
        _ => "hazard",
    }
}

/// The planner's statements in the UI's shape (for plans made in the browser).
pub fn from_plan(plan: &joinery_shared::plan::Plan) -> Vec<StatementInfo> {
    plan.statements
        .iter()
        .map(|s| StatementInfo {
            sql: s.sql.clone(),
            transactional: s.transactional,
            hazards: s
                .hazards
                .iter()
                .map(|h| crate::api::HazardInfo {
                    kind: serde_json::to_value(h.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default(),
                    label: h.kind.label().to_string(),
                    message: h.message.clone(),
                })
                .collect(),
            source: Some(s.source.clone()),
            lock: s
                .lock
                .as_ref()
                .and_then(|l| serde_json::to_value(l).ok())
                .and_then(|v| serde_json::from_value(v).ok()),
        })
        .collect()
}

/// The script of a list of statements, hazards as comments (what "Download .sql" saves).
pub fn script(statements: &[StatementInfo]) -> String {
    let mut out = String::new();
    for s in statements {
        for h in &s.hazards {
            out.push_str(&format!("-- hazard: {}: {}\n", h.label, h.message));
        }
        out.push_str(s.sql.trim_end());
        if !s.sql.trim_end().ends_with(';') {
            out.push(';');
        }
        out.push_str("\n\n");
    }
    out
}

/// The statements, numbered, with their hazards.
#[component]
pub fn StatementList(
    #[prop(into)] statements: Signal<Vec<StatementInfo>>,
    #[prop(optional)] testid: Option<&'static str>,
    /// Table sizes on the target under review, by `schema.table`, shown with each lock.
    #[prop(optional, into)]
    sizes: Option<Signal<HashMap<String, TableSize>>>,
) -> impl IntoView {
    view! {
        <ol class="statements" data-testid=testid.unwrap_or("statements")>
            {move || statements.get().into_iter().map(|s| {
                let risky = !s.hazards.is_empty();
                let loses_data = s.hazards.iter().any(|h| h.kind == "deletes_data" || h.kind == "data_not_restored");
                view! {
                    <li class="statement" class:risky=risky class:data-loss=loses_data data-testid="statement">
                        {s.source.clone().map(|src| view! { <div class="statement-source">{src}</div> })}
                        <pre class="statement-sql" tabindex="0">{s.sql.clone()}</pre>
                        {s.lock.clone().map(|lock| {
                            let size = sizes.and_then(|m| m.with(|m| m.get(&lock.relation).map(TableSize::describe)));
                            view! {
                                <div class="statement-lock" data-testid="statement-lock" data-level=lock.level.clone()>
                                    {lock.describe()}
                                    {size.map(|sz| view! { <span class="table-size" data-testid="table-size">{format!(" · {sz}")}</span> })}
                                </div>
                            }
                        })}
                        {(!s.hazards.is_empty()).then(|| view! {
                            <ul class="hazards">
                                {s.hazards.iter().map(|h| view! {
                                    <li class=hazard_class(&h.kind) data-testid="hazard" data-kind=h.kind.clone() title=h.message.clone()>
                                        <span class="hazard-label">{h.label.clone()}</span>
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
