//! Joinery's pure core, shared by the browser (wasm) and the server (native) so that the live SQL
//! preview and the applied migrations are produced by the same code.
#![warn(missing_docs)]

pub mod ddl;
pub mod demo;
pub mod diagram;
pub mod diff;
pub mod drizzle;
pub mod generate;
pub mod import;
pub mod model;
pub mod naming;
pub mod normalize;
pub mod plan;
pub mod sql;
pub mod validate;
pub mod wire;

/// The version of Joinery, reported by the API and shown in the UI.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
