//! The Joinery designer UI: a Leptos client-side app compiled to wasm.
#![cfg(target_arch = "wasm32")]

mod app;

pub use app::App;
