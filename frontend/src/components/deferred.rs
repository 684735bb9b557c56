//! Parts of the designer that the first screen does not show (the selected table's form, the
//! Console, Versions, Changes and object tabs, the import and projects dialogs), loaded when
//! first shown.
//!
//! Why: the first download should hold the shell, the canvas and the table editor only. In the
//! release build (`cargo xtask build-ui`, feature `split`), each part is a split point: the
//! splitter (`wasm_split_cli_support`) moves the code only that part reaches into its own wasm
//! file, fetched the first time the part is shown, and all of them are fetched in the
//! background once the engine is ready, so a tab opens at once. Without the feature (tests,
//! `trunk serve`) a part is an ordinary function call.
//!
//! A part that cannot be fetched (the server went away) shows why and a Retry button; it never
//! takes the designer down.

use leptos::prelude::*;
use send_wrapper::SendWrapper;

/// A part of the designer that is loaded when first shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// The form of the table with this id.
    TableForm(Id),
    Console,
    Versions,
    Changes,
    Enums,
    Views,
    Sequences,
    Functions,
    Import,
    Projects,
}

/// Why a part could not be shown.
#[derive(Debug)]
pub struct LoadFailed;

impl From<leptos::wasm_split::SplitLoaderError> for LoadFailed {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        LoadFailed
    }
}

/// Declares `$name() -> Result<AnyView, LoadFailed>` (async) building `$body`, split into the
/// wasm module `$module` when the `split` feature is on; `$preload` fetches that module.
macro_rules! part {
    ($name:ident ($($arg:ident: $ty:ty),*), $preload:ident, $module:ident, $body:expr) => {
        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split(
            $module,
            wasm_split_path = ::leptos::wasm_split,
            fallible,
            preload($preload)
        )]
        fn $name($($arg: $ty),*) -> Result<AnyView, LoadFailed> {
            Ok(untrack(|| $body.into_any()))
        }

        #[cfg(not(feature = "split"))]
        async fn $name($($arg: $ty),*) -> Result<AnyView, LoadFailed> {
            Ok(untrack(|| $body.into_any()))
        }

        #[cfg(not(feature = "split"))]
        async fn $preload() -> Result<(), LoadFailed> {
            Ok(())
        }
    };
}

use crate::components::{
    changes_panel::ChangesPanel, console::ConsolePanel, enums_panel::EnumsPanel,
    functions_panel::FunctionsPanel, import_dialog::ImportDialog, projects::ProjectsDialog,
    sequences_panel::SequencesPanel, table_editor::TableForm, versions::VersionsPanel,
    views_panel::ViewsPanel,
};
use joinery_shared::model::Id;

part!(table_form(id: Id), preload_table_form, table_form, view! { <TableForm id=id /> });
part!(
    console(),
    preload_console,
    console,
    view! { <ConsolePanel /> }
);
part!(
    versions(),
    preload_versions,
    versions,
    view! { <VersionsPanel /> }
);
part!(
    changes(),
    preload_changes,
    changes,
    view! { <ChangesPanel /> }
);
part!(enums(), preload_enums, objects, view! { <EnumsPanel /> });
part!(views(), preload_views, objects, view! { <ViewsPanel /> });
part!(
    sequences(),
    preload_sequences,
    objects,
    view! { <SequencesPanel /> }
);
part!(
    functions(),
    preload_functions,
    objects,
    view! { <FunctionsPanel /> }
);
part!(import(), preload_import, import, view! { <ImportDialog /> });
part!(
    projects(),
    preload_projects,
    projects,
    view! { <ProjectsDialog /> }
);

async fn load(part: Part) -> Result<AnyView, LoadFailed> {
    match part {
        Part::TableForm(id) => table_form(id).await,
        Part::Console => console().await,
        Part::Versions => versions().await,
        Part::Changes => changes().await,
        Part::Enums => enums().await,
        Part::Views => views().await,
        Part::Sequences => sequences().await,
        Part::Functions => functions().await,
        Part::Import => import().await,
        Part::Projects => projects().await,
    }
}

/// Fetches every part's code in the background (once the first screen and the engine are up),
/// so that opening a tab later does not wait for the network. A failure here is retried when
/// the part is shown.
pub fn preload_all() {
    leptos::task::spawn_local(async {
        // One at a time: these are small, and the page has other things to fetch.
        let _ = preload_table_form().await;
        let _ = preload_console().await;
        let _ = preload_changes().await;
        let _ = preload_versions().await;
        let _ = preload_enums().await;
        let _ = preload_import().await;
        let _ = preload_projects().await;
        // `views`, `sequences` and `functions` share `enums`' module.
        let _ = (preload_views, preload_sequences, preload_functions);
    });
}

/// Shows `part`, loading its code first if need be. `toast`: the part is a dialog outside the
/// side panel, so "Loading…" and a failure are shown as a small note over the page (fixed, out
/// of the layout) rather than in place.
#[component]
pub fn Deferred(part: Part, #[prop(optional)] toast: bool) -> impl IntoView {
    let place = if toast { "part-toast" } else { "" };
    // Bumped by Retry, which builds the part again (and so fetches again).
    let attempt = RwSignal::new(0u32);
    move || {
        attempt.track();
        let loading = SendWrapper::new(load(part.clone()));
        view! {
            <Suspense fallback=move || view! { <p class=format!("panel-hint {place}") data-testid="part-loading">"Loading…"</p> }>
                {Suspend::new(async move {
                    match loading.await {
                        Ok(view) => view,
                        Err(LoadFailed) => view! {
                            <p class=format!("error-text {place}") role="alert" data-testid="part-failed">
                                "This part of Joinery could not be loaded (is the server reachable?). "
                                <button class="btn" on:click=move |_| attempt.update(|n| *n += 1)>"Retry"</button>
                            </p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        }
    }
}
