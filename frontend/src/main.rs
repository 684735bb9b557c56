//! The Joinery designer, mounted into `<body>`.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(joinery_frontend::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("joinery-frontend runs in the browser: build it with `trunk build`.");
}
