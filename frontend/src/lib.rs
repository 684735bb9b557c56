//! The Joinery designer UI: a Leptos client-side app compiled to wasm.
//!
//! The model and logic modules (history, geometry, routing, auto-layout, edits, comparison
//! highlights, ids) are plain Rust over `joinery-shared` and build on every target, so a native
//! `cargo test` runs their tests; the views and browser glue build for wasm32 only.
//!
//! Two binaries come from this crate: the designer (`src/main.rs`) and the engine worker
//! (`src/bin/engine.rs`). The engine's work crosses between them as [`protocol`] messages, sent
//! by the designer's client in `engine`; the linker keeps the engine (sqlparser, import, diff,
//! plan, DDL, Drizzle) out of the designer's wasm because only the worker calls it.

pub mod autolayout;
pub mod draft_json;
pub mod edits;
pub mod geometry;
pub mod highlights;
pub mod history;
pub mod ids;
pub mod mirror;
pub mod protocol;
pub mod routing;

#[cfg(target_arch = "wasm32")]
pub mod actions;
#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod canvas;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod dom;
#[cfg(target_arch = "wasm32")]
pub mod engine;
#[cfg(target_arch = "wasm32")]
pub mod export;
#[cfg(target_arch = "wasm32")]
pub mod state;
#[cfg(target_arch = "wasm32")]
pub mod storage;
#[cfg(target_arch = "wasm32")]
pub mod sync;

#[cfg(target_arch = "wasm32")]
pub use app::App;
