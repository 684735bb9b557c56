//! Layered auto-layout for FK graphs: referenced tables to the left of the tables that reference
//! them, rows ordered to reduce crossings, unrelated tables in a grid underneath.
//!
//! The algorithm lives in `joinery_shared::diagram::layout` so `joinery export svg` lays out a
//! schema exactly as the designer does.

pub use joinery_shared::diagram::layout::{complete_layout, layered_layout};
