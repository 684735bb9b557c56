//! The designer's components, one per file.

pub mod apply_dialog;
pub mod changes_panel;
pub mod compare;
pub mod conflict_banner;
pub mod console;
pub mod drift_view;
pub mod enums_panel;
pub mod export_menu;
pub mod finder;
pub mod import_dialog;
pub mod minimap;
pub mod notes;
pub mod problems_panel;
pub mod projects;
pub mod relationship;
pub mod side_panel;
pub mod sign_in_banner;
pub mod sql_panel;
pub mod statement_list;
pub mod sync_badge;
pub mod table_card;
pub mod table_editor;
pub mod target_card;
pub mod toolbar;
pub mod versions;
pub mod views_panel;
