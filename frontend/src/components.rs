//! The designer's components, one per file.

pub mod enums_panel;
pub mod export_menu;
pub mod finder;
pub mod import_dialog;
pub mod minimap;
pub mod problems_panel;
pub mod relationship;
pub mod side_panel;
pub mod sql_panel;
pub mod table_card;
pub mod table_editor;
pub mod toolbar;
pub mod views_panel;
