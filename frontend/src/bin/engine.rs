//! The engine worker: SQL import, validation, diff, plan, DDL and Drizzle, off the main thread
//! and out of the bundle the browser downloads first. Trunk builds it as a Rust worker
//! (`data-type="worker"` in index.html); [`joinery_frontend::protocol`] says what it answers.

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};

    console_error_panic_hook::set_once();
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    // The schemas the designer keeps in sync here; messages are handled one at a time.
    let mut engine = joinery_frontend::protocol::Engine::default();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let Some(text) = ev.data().as_string() else {
                return;
            };
            if let Some(answer) = engine.handle_message(&text) {
                let _ = reply.post_message(&JsValue::from_str(&answer));
            }
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages posted before this listener existed were lost; the client waits for this one.
    let _ = scope.post_message(&JsValue::from_str(joinery_frontend::protocol::READY));
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the engine worker runs in the browser: build it with `trunk build`.");
}
