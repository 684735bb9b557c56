//! Joinery's pure core, shared by the browser (wasm) and the server (native) so that the live SQL
//! preview and the applied migrations are produced by the same code.
//!
//! Data flows one way, and the modules are listed below in that order:
//!
//! ```text
//!               SQL file ─ import ─┐                        ┌─ ddl ──── CREATE script
//!   live database ─ (backend       ├─► model ─ normalize ─┬─┤
//!        introspect) ──────────────┘      │    validate   │ └─ drizzle ─ TypeScript, snapshots
//!   Drizzle folder ─ drizzle (import) ────┘               │
//!                                                         └─ diff ─► plan ─► SQL / apply / UI
//!                                                                     (wire: what the API sends)
//! ```
//!
//! * [`model`]: the schema as plain data, every object with a stable id; [`naming`] gives the
//!   names PostgreSQL would pick and quotes identifiers; [`sql`] is the one SQL lexer and the
//!   bounded expression parser every other module uses for SQL text.
//! * [`import`] reads SQL files into the model (the backend's introspection reads a live database
//!   into the same model); [`normalize`] brings either to one canonical form, and [`validate`]
//!   reports what cannot be rendered.
//! * [`diff`] compares two models by id and returns the changes as data; [`plan`] orders them
//!   into typed statements with their locks, hazards and reverses; [`wire`] is the shape of
//!   plans, versions and apply runs on the API.
//! * [`ddl`] renders a model as `CREATE` statements; [`drizzle`] exports and imports Drizzle
//!   schema code and drizzle-kit migration folders; [`diagram`] lays out and routes the canvas
//!   and renders it as SVG.
//! * [`demo`] and [`generate`] build example and benchmark schemas.
#![warn(missing_docs)]

// The model and what every stage uses.
pub mod model;
pub mod naming;
pub mod pretty;
pub mod sql;
pub mod unit_enum;

// Into the model: reading and making canonical.
pub mod import;
pub mod normalize;
pub mod validate;

// Between two models: changes, then ordered statements.
pub mod diff;
pub mod plan;
pub mod wire;

// Out of the model: SQL, Drizzle, the diagram.
pub mod ddl;
pub mod diagram;
pub mod drizzle;

// Example and benchmark schemas.
pub mod demo;
pub mod generate;

/// The version of Joinery, reported by the API and shown in the UI.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
