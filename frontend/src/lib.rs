//! The Joinery designer UI: a Leptos client-side app compiled to wasm.
#![cfg(target_arch = "wasm32")]

pub mod api;
pub mod app;
pub mod autolayout;
pub mod canvas;
pub mod components;
pub mod edits;
pub mod export;
pub mod geometry;
pub mod history;
pub mod ids;
pub mod routing;
pub mod state;
pub mod storage;
pub mod sync;

pub use app::App;
