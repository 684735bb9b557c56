//! The designer's state, provided as context: the document with its history, and the view state
//! (selection, viewport, panels) that is deliberately not part of undo.

use std::collections::{BTreeSet, HashMap};

use joinery_shared::model::{Document, Id, Schema};
use joinery_shared::validate::Problem;
use leptos::prelude::*;

use crate::geometry::Viewport;
use crate::history::History;

/// Which side panel tab is showing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// The selected table's editor.
    Table,
    /// Live DDL.
    Sql,
    /// Enum types.
    Enums,
    /// Views.
    Views,
    /// Standalone sequences.
    Sequences,
    /// Functions and procedures.
    Functions,
    /// Validation problems.
    Problems,
    /// The migration from the last version to the draft.
    Changes,
    /// Versions and comparisons.
    Versions,
    /// Target databases: apply, status, drift.
    Console,
}

/// What the pointer is doing on the canvas right now.
#[derive(Clone, Debug, PartialEq)]
pub enum Gesture {
    /// Nothing.
    Idle,
    /// Panning from a screen point with the viewport it started with.
    Pan {
        /// Start (screen).
        start: (f64, f64),
        /// Viewport at the start.
        origin: Viewport,
    },
    /// Moving the selected tables; the offset is shown live and committed on release.
    Move {
        /// Start (world).
        start: (f64, f64),
        /// Whether the pointer moved far enough to count as a drag.
        moved: bool,
    },
    /// Moving a sticky note; committed on release.
    MoveNote {
        /// The note.
        id: Id,
        /// Start (world).
        start: (f64, f64),
        /// Current offset (world).
        offset: (f64, f64),
    },
    /// Rubber-band selection between two world points.
    Band {
        /// Anchor (world).
        start: (f64, f64),
        /// Current (world).
        current: (f64, f64),
        /// Selection before the band started (shift adds to it).
        base: BTreeSet<Id>,
    },
    /// Dragging a new relationship out of a column's handle.
    Link {
        /// The referencing table.
        table: Id,
        /// The referencing column.
        column: Id,
        /// Where the line starts (world).
        start: (f64, f64),
        /// Pointer position (world).
        current: (f64, f64),
    },
}

/// Everything the designer components share.
#[derive(Clone, Copy)]
pub struct Designer {
    /// The design being edited.
    pub doc: RwSignal<Document>,
    history: StoredValue<History>,
    /// Labels of what undo and redo would do (for buttons and tooltips).
    pub history_labels: RwSignal<(Option<String>, Option<String>)>,
    /// Selected table ids.
    pub selection: RwSignal<BTreeSet<Id>>,
    /// Pan and zoom.
    pub viewport: RwSignal<Viewport>,
    /// Canvas size in screen pixels.
    pub canvas_size: RwSignal<(f64, f64)>,
    /// The current pointer gesture.
    pub gesture: RwSignal<Gesture>,
    /// Whether tables are being dragged: what cards and lines follow, rather than `gesture`
    /// itself, so starting or ending a pan does not recompute every card and line.
    pub moving_tables: Memo<bool>,
    /// Live offset of the tables being dragged (world units).
    pub drag_offset: RwSignal<(f64, f64)>,
    /// Snap moved tables to the grid.
    pub snap: RwSignal<bool>,
    /// Side panel tab.
    pub panel: RwSignal<Panel>,
    /// A short message for the status line ("Undid: Add column").
    pub status: RwSignal<String>,
    /// Project name shown in the header.
    pub project_name: RwSignal<String>,
    /// Whether the import dialog is open.
    pub import_open: RwSignal<bool>,
    /// Whether the quick finder is open.
    pub finder_open: RwSignal<bool>,
    /// Table id -> index in `doc.schema.tables`.
    pub table_index: Memo<HashMap<Id, usize>>,
    /// Validation problems of the current schema.
    pub problems: RwSignal<Vec<Problem>>,
    /// Card width and height per table, recomputed only when the schema changes.
    pub card_sizes: Memo<HashMap<Id, (f64, f64)>>,
    /// Whether the space bar is held (space+drag pans).
    pub space_held: RwSignal<bool>,
    /// Differences being compared, drawn on the cards (None: not comparing).
    pub compare: RwSignal<Option<crate::highlights::Highlights>>,
    /// Every relationship line, routed around the cards: recomputed once per change of the
    /// document (schema or layout), never per frame.
    pub routes: Memo<crate::routing::Routes>,
    /// The lines of the tables being dragged, rerouted for the live offset (empty otherwise).
    pub drag_routes: Memo<crate::routing::Routes>,
}

impl Designer {
    /// Creates the state around a document.
    pub fn new(doc: Document) -> Self {
        let doc = RwSignal::new(doc);
        let table_index = Memo::new(move |_| {
            doc.with(|d| {
                d.schema
                    .tables
                    .iter()
                    .enumerate()
                    .map(|(i, t)| (t.id.clone(), i))
                    .collect::<HashMap<_, _>>()
            })
        });
        // Errors first, then names off the project's naming convention (hints).
        // Checked by the engine worker (validation parses SQL fragments): the list follows the
        // document a moment later, and only the newest answer is applied.
        let problems = RwSignal::new(Vec::new());
        Effect::new(move |_| {
            let request = doc.with(|d| {
                crate::engine::sync(crate::protocol::Slot::Draft, &d.schema);
                crate::protocol::Request::Problems {
                    conventions: d.layout.conventions.clone(),
                }
            });
            crate::engine::request(request, move |response| {
                if let crate::protocol::Response::Problems(found) = response {
                    problems.try_set(found);
                }
            });
        });
        let card_sizes = Memo::new(move |_| {
            doc.with(|d| {
                d.schema
                    .tables
                    .iter()
                    .map(|t| {
                        let size = (
                            crate::geometry::card_width(&d.schema, t),
                            crate::geometry::card_height(t.columns.len()),
                        );
                        (t.id.clone(), size)
                    })
                    .collect::<HashMap<_, _>>()
            })
        });
        let gesture = RwSignal::new(Gesture::Idle);
        let selection = RwSignal::new(BTreeSet::new());
        let moving_tables = Memo::new(move |_| matches!(gesture.get(), Gesture::Move { .. }));
        let drag_offset = RwSignal::new((0.0, 0.0));
        let route_cache = StoredValue::new(crate::routing::LineCache::default());
        let routes = Memo::new(move |_| {
            let mut routes = crate::routing::Routes::default();
            card_sizes.with(|sizes| {
                doc.with(|d| {
                    route_cache.update_value(|cache| {
                        routes = crate::routing::route_document(d, sizes, cache);
                    })
                })
            });
            routes
        });
        let drag_routes = Memo::new(move |_| {
            if !moving_tables.get() {
                return crate::routing::Routes::default();
            }
            let offset = drag_offset.get();
            selection.with(|sel| {
                card_sizes.with(|sizes| {
                    doc.with(|d| crate::routing::route_dragged(d, sizes, sel, offset))
                })
            })
        });
        Designer {
            doc,
            history: StoredValue::new(History::default()),
            history_labels: RwSignal::new((None, None)),
            selection,
            viewport: RwSignal::new(Viewport::default()),
            canvas_size: RwSignal::new((1000.0, 700.0)),
            gesture,
            moving_tables,
            drag_offset,
            snap: RwSignal::new(true),
            panel: RwSignal::new(Panel::Table),
            status: RwSignal::new(String::new()),
            project_name: RwSignal::new("Untitled project".to_string()),
            import_open: RwSignal::new(false),
            finder_open: RwSignal::new(false),
            table_index,
            problems,
            card_sizes,
            space_held: RwSignal::new(false),
            compare: RwSignal::new(None),
            routes,
            drag_routes,
        }
    }

    /// Runs an edit on a copy of the document and records it as one undoable step.
    pub fn edit(&self, label: &str, f: impl FnOnce(&mut Document)) {
        let next = self.doc.with_untracked(|old| {
            self.history
                .try_update_value(|h| h.edited(label, old, f))
                .flatten()
        });
        let Some(next) = next else {
            return;
        };
        self.doc.set(next);
        self.refresh_history_labels();
    }

    /// Edits one table by id (no-op when it is gone), in place: only that table is copied for
    /// the undo step (see [`History::edited_table`]).
    pub fn edit_table(
        &self,
        label: &str,
        id: &Id,
        f: impl FnOnce(&mut joinery_shared::model::Table),
    ) {
        let Some(index) = self.table_index.with_untracked(|ix| ix.get(id).copied()) else {
            return;
        };
        let mut changed = false;
        self.doc.maybe_update(|doc| {
            changed = self
                .history
                .try_update_value(|h| h.edited_table(label, doc, id, index, f))
                .unwrap_or(false);
            changed
        });
        if changed {
            self.refresh_history_labels();
        }
    }

    /// Undoes the last edit.
    pub fn undo(&self) {
        let mut label = None;
        self.doc
            .update(|d| self.history.update_value(|h| label = h.undo(d)));
        if let Some(label) = label {
            self.status.set(format!("Undid: {label}"));
            self.prune_selection();
        }
        self.refresh_history_labels();
    }

    /// Redoes the last undone edit.
    pub fn redo(&self) {
        let mut label = None;
        self.doc
            .update(|d| self.history.update_value(|h| label = h.redo(d)));
        if let Some(label) = label {
            self.status.set(format!("Redid: {label}"));
            self.prune_selection();
        }
        self.refresh_history_labels();
    }

    /// Replaces the document without recording history (opening a project or a saved draft).
    pub fn load(&self, doc: Document) {
        self.history.update_value(|h| h.clear());
        self.selection.set(BTreeSet::new());
        self.doc.set(doc);
        self.refresh_history_labels();
    }

    /// A copy of the undo/redo history (to keep it across a reload).
    pub fn history_snapshot(&self) -> History {
        self.history.with_value(Clone::clone)
    }

    /// Puts back a history kept for the current document.
    pub fn restore_history(&self, history: History) {
        self.history.set_value(history);
        self.refresh_history_labels();
    }

    fn refresh_history_labels(&self) {
        let labels = self.history.with_value(|h| {
            (
                h.undo_label().map(str::to_string),
                h.redo_label().map(str::to_string),
            )
        });
        self.history_labels.set(labels);
    }

    fn prune_selection(&self) {
        let index = self.table_index.get_untracked();
        self.selection
            .update(|s| s.retain(|id| index.contains_key(id)));
    }

    /// The single selected table, if exactly one is selected.
    pub fn selected_table(&self) -> Option<Id> {
        self.selection
            .with(|s| (s.len() == 1).then(|| s.iter().next().cloned()).flatten())
    }

    /// Reads the schema.
    pub fn with_schema<R>(&self, f: impl FnOnce(&Schema) -> R) -> R {
        self.doc.with(|d| f(&d.schema))
    }

    /// Centres the viewport on a table and selects it.
    pub fn reveal_table(&self, id: &Id) {
        let rect = self.doc.with_untracked(|d| {
            let index = d.schema.tables.iter().position(|t| &t.id == id)?;
            let t = &d.schema.tables[index];
            Some(crate::geometry::card_rect(
                &d.schema,
                t,
                &crate::geometry::placement_of(d, index, id),
            ))
        });
        if let Some(rect) = rect {
            let (w, h) = self.canvas_size.get_untracked();
            self.viewport.update(|v| {
                let zoom = v.zoom.max(0.8);
                v.zoom = zoom;
                v.x = w / 2.0 - (rect.x + rect.w / 2.0) * zoom;
                v.y = h / 2.0 - (rect.y + rect.h / 2.0) * zoom;
            });
            self.selection.set([id.clone()].into_iter().collect());
            self.panel.set(Panel::Table);
        }
    }

    /// Zooms so that the whole diagram is visible.
    pub fn zoom_to_fit(&self) {
        if let Some(bounds) = self.doc.with_untracked(crate::geometry::diagram_bounds) {
            let (w, h) = self.canvas_size.get_untracked();
            self.viewport
                .set(crate::geometry::Viewport::fit(bounds, w, h));
        }
    }
}

/// Makes the designer state available to every component below.
pub fn provide_designer_context(doc: Document) -> Designer {
    let designer = Designer::new(doc);
    provide_context(designer);
    designer
}

/// The designer state of the enclosing app.
pub fn use_designer() -> Designer {
    expect_context::<Designer>()
}
