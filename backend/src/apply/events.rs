//! The events a run reports as it goes: streamed to the browser as Server-Sent Events, printed
//! by the CLI, stored with the run. The type is the API's ([`joinery_shared::wire::ApplyEvent`]),
//! so the browser reads the same one.

pub use joinery_shared::wire::ApplyEvent;
