//! Triggers of one table in the table editor, each edited as its `CREATE TRIGGER` statement
//! (read by the engine worker), and a form to add one.

use joinery_shared::ddl::create_trigger_sql;
use joinery_shared::model::{Id, Table, Trigger};
use leptos::prelude::*;

use crate::components::sql_editor::{forget_draft, SqlEditor};
use crate::components::table_part::part_of;
use crate::edits;
use crate::protocol::{Request, Response};
use crate::state::use_designer;

/// What an editor does with the trigger the worker read: add it, or replace one.
type ApplyTrigger = Box<dyn Fn(&mut Table, Trigger) -> Result<(), String>>;

/// A trigger's statement with one clause per line, for the editor.
fn multiline(sql: &str) -> String {
    sql.replacen(" ON ", "\n  ON ", 1)
        .replacen(" REFERENCING ", "\n  REFERENCING ", 1)
        .replacen(" FOR EACH ", "\n  FOR EACH ", 1)
        .replacen(" WHEN (", "\n  WHEN (", 1)
        .replacen(" EXECUTE FUNCTION ", "\n  EXECUTE FUNCTION ", 1)
}

/// One trigger as the list shows it: its id, name and statement.
#[derive(Clone, PartialEq)]
struct TriggerRow {
    id: Id,
    name: String,
    sql: String,
}

#[component]
pub fn Triggers(table: Id, current: Memo<Option<Table>>) -> impl IntoView {
    let d = use_designer();
    let tid = StoredValue::new(table);
    let rows = part_of(current, |t| {
        t.triggers
            .iter()
            .map(|tr| TriggerRow {
                id: tr.id.clone(),
                name: tr.name.clone(),
                sql: multiline(&create_trigger_sql(t, tr)),
            })
            .collect::<Vec<_>>()
    });
    let template = part_of(current, |t| {
        format!(
            "CREATE TRIGGER {}_updated_at BEFORE UPDATE\n  ON {}\n  FOR EACH ROW\n  EXECUTE FUNCTION set_updated_at()",
            t.name,
            joinery_shared::ddl::table_name_sql(t)
        )
    });
    // The worker reads the statement against the table as it is now; the edit applies what
    // it read.
    let read = move |sql: String, error: RwSignal<Option<String>>, apply: ApplyTrigger| {
        let Some(table) = current.get_untracked() else {
            return;
        };
        let request = Request::ReadTrigger { sql, table };
        crate::engine::request(request, move |reply| {
            let Response::Trigger(read) = reply else {
                return;
            };
            match read {
                Ok(trigger) => {
                    let mut result = Ok(());
                    d.edit_table("Edit trigger", &tid.get_value(), |t| {
                        result = apply(t, trigger);
                    });
                    error.set(result.err());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let new_draft = format!("new trigger {}", tid.get_value());
    let add = Callback::new({
        let new_draft = new_draft.clone();
        move |(sql, error): (String, RwSignal<Option<String>>)| {
            let new_draft = new_draft.clone();
            read(
                sql,
                error,
                Box::new(move |t, trigger| {
                    edits::add_trigger(t, trigger)?;
                    forget_draft(&new_draft);
                    Ok(())
                }),
            );
        }
    });
    view! {
        <h3>"Triggers"</h3>
        <div data-testid="trigger-list">
            {move || rows.get().into_iter().map(|tr| {
                let trid = StoredValue::new(tr.id.clone());
                let save = Callback::new(move |(sql, error): (String, RwSignal<Option<String>>)| {
                    read(
                        sql,
                        error,
                        Box::new(move |t, trigger| edits::set_trigger(t, &trid.get_value(), trigger)),
                    );
                });
                view! {
                    <div class="trigger-form" data-testid="trigger-form">
                        <div class="field-row">
                            <code class="grow">{tr.name}</code>
                            <button class="icon-btn danger" title="Delete trigger" on:click=move |_| {
                                let x = trid.get_value();
                                d.edit_table("Delete trigger", &tid.get_value(), |t| edits::delete_trigger(t, &x));
                            }>"×"</button>
                        </div>
                        <SqlEditor initial=tr.sql label="Trigger definition" testid="trigger" save=save draft=format!("trigger {} {}", tid.get_value(), tr.id) />
                    </div>
                }
            }).collect_view()}
        </div>
        <details class="trigger-add">
            <summary data-testid="add-trigger-toggle">"Add a trigger"</summary>
            // Built again when the triggers change: once what it made is in the design (its
            // draft forgotten) it starts from the template again; other text typed in it
            // is kept as its draft.
            {move || {
                rows.track();
                let new_draft = new_draft.clone();
                view! { <SqlEditor initial=template.get() label="New trigger definition" testid="new-trigger" save=add action="Add trigger" draft=new_draft /> }
            }}
        </details>
    }
}
