//! Files the user takes away: DDL, model JSON, and the diagram as a standalone SVG or PNG.
//!
//! The SVG is generated from the model (not copied from the DOM), so it holds the whole diagram
//! even though the canvas only renders what is visible.

use joinery_shared::model::Document;
use wasm_bindgen::JsCast;

use crate::components::table_card::row_infos;
use crate::geometry::{
    cardinality_marker, diagram_bounds, edge_geometry, fk_cardinality, placement_of, Rect,
    HEADER_H, ROW_H,
};

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The whole diagram as a self-contained SVG document.
pub fn diagram_svg(doc: &Document) -> String {
    let bounds = diagram_bounds(doc).unwrap_or(Rect {
        x: 0.0,
        y: 0.0,
        w: 400.0,
        h: 200.0,
    });
    let pad = 40.0;
    let (vx, vy, vw, vh) = (
        bounds.x - pad,
        bounds.y - pad,
        bounds.w + 2.0 * pad,
        bounds.h + 2.0 * pad,
    );
    let schema = &doc.schema;
    let rect_of = |i: usize| {
        let t = &schema.tables[i];
        crate::geometry::card_rect(schema, t, &placement_of(doc, i, &t.id))
    };
    let mut out = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="{vx:.0} {vy:.0} {vw:.0} {vh:.0}" width="{vw:.0}" height="{vh:.0}" font-family="system-ui, sans-serif" font-size="12">
<style>.edge{{fill:none;stroke:#8792a2;stroke-width:1.5}}.title{{fill:#fff;font-weight:600;font-size:13px}}.name{{fill:#1d2330}}.type{{fill:#667085;font-family:ui-monospace,monospace;font-size:11px}}.key{{fill:#b7791f;font-weight:700;font-size:10px}}.fk{{fill:#2f6feb}}</style>
<rect x="{vx:.0}" y="{vy:.0}" width="{vw:.0}" height="{vh:.0}" fill="#f6f7f9"/>
"##
    );
    let index: std::collections::HashMap<_, _> = schema
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| (&t.id, i))
        .collect();
    for (i, t) in schema.tables.iter().enumerate() {
        for fk in &t.foreign_keys {
            let Some(&ri) = index.get(&fk.ref_table) else {
                continue;
            };
            let r = &schema.tables[ri];
            let (from_row, to_row) = crate::geometry::fk_rows(t, fk, r);
            let g = edge_geometry(rect_of(i), from_row, rect_of(ri), to_row);
            let (child, parent) = fk_cardinality(t, fk);
            out.push_str(&format!(
                "<path class=\"edge\" d=\"{}\"/><path class=\"edge\" d=\"{} {}\"/>\n",
                g.path,
                cardinality_marker(g.from, child),
                cardinality_marker(g.to, parent)
            ));
        }
    }
    for (i, t) in schema.tables.iter().enumerate() {
        let r = rect_of(i);
        let color = doc
            .layout
            .placements
            .get(&t.id)
            .and_then(|p| p.color.clone())
            .unwrap_or_else(|| "#2f6feb".into());
        let title = if t.schema == "public" {
            t.name.clone()
        } else {
            format!("{}.{}", t.schema, t.name)
        };
        out.push_str(&format!(
            "<g transform=\"translate({:.1} {:.1})\"><rect width=\"{:.1}\" height=\"{:.1}\" rx=\"7\" fill=\"#fff\" stroke=\"#d9dde3\"/><path d=\"M 0 {HEADER_H} L 0 7 Q 0 0 7 0 L {:.1} 0 Q {w:.1} 0 {w:.1} 7 L {w:.1} {HEADER_H} Z\" fill=\"{}\"/><text class=\"title\" x=\"12\" y=\"21\">{}</text>\n",
            r.x, r.y, r.w, r.h, r.w - 7.0, esc(&color), esc(&title), w = r.w
        ));
        for (k, row) in row_infos(schema, t).iter().enumerate() {
            let y = HEADER_H + k as f64 * ROW_H + ROW_H / 2.0 + 4.0;
            let key_class = if row.key == "FK" { "key fk" } else { "key" };
            out.push_str(&format!(
                "<text class=\"{key_class}\" x=\"10\" y=\"{y:.1}\">{}</text><text class=\"name\" x=\"34\" y=\"{y:.1}\">{}</text><text class=\"type\" x=\"{:.1}\" y=\"{y:.1}\" text-anchor=\"end\">{}{}</text>\n",
                row.key,
                esc(&row.name),
                r.w - 12.0,
                esc(&row.ty),
                if row.flags.is_empty() { String::new() } else { format!("  {}", row.flags) }
            ));
        }
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n");
    out
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
    let revoke = url.clone();
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&revoke);
        },
        std::time::Duration::from_secs(30),
    );
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

/// The files as a zip archive (stored, uncompressed: small text files, and no compressor in the
/// bundle).
pub fn zip_files(files: &[(String, String)]) -> Result<Vec<u8>, String> {
    use std::io::Write;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (path, contents) in files {
        writer
            .start_file(path.as_str(), options)
            .map_err(|e| e.to_string())?;
        writer
            .write_all(contents.as_bytes())
            .map_err(|e| e.to_string())?;
    }
    writer
        .finish()
        .map(|cursor| cursor.into_inner())
        .map_err(|e| e.to_string())
}

/// A Drizzle project for the document: `schema/*.schema.ts` + `index.ts`, and a drizzle-kit
/// migration folder (`migrations/0000_<name>.sql`, `meta/_journal.json`, snapshot) creating it.
pub fn drizzle_files(doc: &Document, name: &str, when_ms: u64) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = joinery_shared::drizzle::export_schema_ts(
        doc,
        &joinery_shared::drizzle::TsOptions::default(),
    )
    .into_iter()
    .map(|(p, c)| (format!("schema/{p}"), c))
    .collect();
    files.extend(
        joinery_shared::drizzle::export_migrations(&[(name.to_string(), doc.clone(), when_ms)])
            .into_iter()
            .map(|(p, c)| (format!("migrations/{p}"), c)),
    );
    files
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
