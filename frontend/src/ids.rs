//! Fresh object ids from the browser's crypto source (shared does no I/O, so it is handed bytes).

use joinery_shared::model::Id;

/// A new random id for an object of `kind` (`"table"`, `"column"`, ...).
pub fn new_id(kind: &str) -> Id {
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
    Id::from_random_bytes(kind, bytes)
}
