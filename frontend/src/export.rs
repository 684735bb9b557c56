//! Files the user takes away: DDL, model JSON, and the diagram as a standalone SVG or PNG.
//!
//! The SVG is generated from the model (not copied from the DOM), so it holds the whole diagram
//! even though the canvas only renders what is visible; the lines are routed exactly as on the
//! canvas.

use joinery_shared::model::Document;
use wasm_bindgen::JsCast;

/// The whole diagram as a self-contained SVG document: `joinery_shared::diagram::svg`, the same
/// drawing (and `data-` attribute contract) as `joinery export svg`.
pub fn diagram_svg(doc: &Document) -> String {
    joinery_shared::diagram::svg(doc)
}

/// Offers `contents` as a file download named `name`.
pub fn download(name: &str, mime: &str, contents: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(contents));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    download_blob(name, &blob);
}

fn download_blob(name: &str, blob: &web_sys::Blob) {
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else {
        return;
    };
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(a) = document
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        if let Some(body) = document.body() {
            let _ = body.append_child(&a);
            a.click();
            let _ = body.remove_child(&a);
        }
    }
    leptos::task::spawn_local(async move {
        gloo_timers::future::sleep(std::time::Duration::from_secs(30)).await;
        let _ = web_sys::Url::revoke_object_url(&url);
    });
}

/// Renders the SVG into a canvas at 2x and downloads it as PNG.
pub fn download_png(name: &str, svg: &str) {
    let name = name.to_string();
    let Ok(image) = web_sys::HtmlImageElement::new() else {
        return;
    };
    let encoded = js_sys::encode_uri_component(svg);
    let src = format!("data:image/svg+xml;charset=utf-8,{encoded}");
    let img = image.clone();
    let onload = wasm_bindgen::closure::Closure::once_into_js(move || {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Some(canvas) = document
            .create_element("canvas")
            .ok()
            .and_then(|e| e.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        else {
            return;
        };
        // Browsers cap canvas size; very large diagrams are scaled down to fit.
        let scale =
            (2.0f64).min(16000.0 / (img.natural_width().max(img.natural_height()).max(1) as f64));
        canvas.set_width((img.natural_width() as f64 * scale) as u32);
        canvas.set_height((img.natural_height() as f64 * scale) as u32);
        let Some(ctx) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        let _ = ctx.scale(scale, scale);
        let _ = ctx.draw_image_with_html_image_element(&img, 0.0, 0.0);
        let callback =
            wasm_bindgen::closure::Closure::once_into_js(move |blob: Option<web_sys::Blob>| {
                if let Some(blob) = blob {
                    download_blob(&name, &blob);
                }
            });
        let _ = canvas.to_blob(callback.unchecked_ref());
    });
    image.set_onload(Some(onload.unchecked_ref()));
    image.set_src(&src);
}

/// Offers bytes as a file download.
pub fn download_bytes(name: &str, mime: &str, bytes: &[u8]) {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    if let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options) {
        download_blob(name, &blob);
    }
}
