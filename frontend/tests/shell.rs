//! Component tests of the designer shell, run in headless Chromium by wasm-bindgen-test.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn app_mounts_header_canvas_and_panel() {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone().dyn_into().unwrap(), joinery_frontend::App);
    assert!(host
        .query_selector("[data-testid=canvas]")
        .unwrap()
        .is_some());
    assert!(host
        .query_selector("[data-testid=side-panel]")
        .unwrap()
        .is_some());
    let name = host
        .query_selector("[data-testid=project-name]")
        .unwrap()
        .unwrap();
    assert!(!name.text_content().unwrap_or_default().is_empty());
    drop(handle);
}

use wasm_bindgen::JsCast;
