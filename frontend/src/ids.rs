//! Fresh object ids from a random source (shared does no I/O, so it is handed bytes): the
//! browser's crypto in the designer, std's randomly keyed hasher in native builds and tests.

use joinery_shared::model::Id;

/// A new random id for an object of `kind` (`"table"`, `"column"`, ...).
pub fn new_id(kind: &str) -> Id {
    Id::from_random_bytes(kind, random_bytes())
}

#[cfg(target_arch = "wasm32")]
fn random_bytes() -> [u8; 8] {
    let mut bytes = [0u8; 8];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok())
        .unwrap_or(false);
    if !filled {
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}

#[cfg(not(target_arch = "wasm32"))]
fn random_bytes() -> [u8; 8] {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    // A counter through a randomly keyed hasher: distinct within a run, different across runs.
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.finish().to_le_bytes()
}
