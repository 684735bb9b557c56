//! Pretty-printing of compact JSON text, exactly as `serde_json::to_string_pretty` writes it
//! (two-space indent, `": "`, empty containers as `{}` and `[]`).
//!
//! The designer's "Model (.json)" export uses it on the compact JSON it already makes for saving:
//! `to_string_pretty` would put a second copy of every model type's serializer (for the pretty
//! formatter) into the designer's wasm.

/// `compact` (JSON as `serde_json::to_string` writes it: no whitespace between tokens) with the
/// layout of `serde_json::to_string_pretty`.
pub fn pretty_json(compact: &str) -> String {
    let bytes = compact.as_bytes();
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut start = 0;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            i += 1;
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' | b'}' | b']' | b',' | b':' => {
                out.push_str(&compact[start..i]);
                match b {
                    b'{' | b'[' => {
                        let close = if b == b'{' { b'}' } else { b']' };
                        if bytes.get(i + 1) == Some(&close) {
                            out.push(b as char);
                            out.push(close as char);
                            i += 1;
                        } else {
                            out.push(b as char);
                            depth += 1;
                            newline(&mut out, depth);
                        }
                    }
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        newline(&mut out, depth);
                        out.push(b as char);
                    }
                    b',' => {
                        out.push(',');
                        newline(&mut out, depth);
                    }
                    _ => out.push_str(": "),
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push_str(&compact[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::pretty_json;

    fn same_as_serde(value: &serde_json::Value) {
        let compact = serde_json::to_string(value).unwrap();
        assert_eq!(
            pretty_json(&compact),
            serde_json::to_string_pretty(value).unwrap()
        );
    }

    #[test]
    fn writes_what_serde_json_writes() {
        same_as_serde(&serde_json::json!({
            "a": [1, 2.5, null, true, [], {}, [[]], {"b": {}}],
            "s": "with \"quotes\", {braces} [brackets]: and \\ backslashes\\",
            "e": "",
            "u": "é\u{1}\n\t",
            "n": {"deep": {"er": [{"x": -1e300}]}},
        }));
        same_as_serde(&serde_json::json!([]));
        same_as_serde(&serde_json::json!("plain"));
        same_as_serde(&serde_json::json!(null));
    }

    #[test]
    fn writes_the_demo_document_as_serde_json_does() {
        let doc = crate::demo::demo_document();
        let compact = serde_json::to_string(&doc).unwrap();
        assert_eq!(
            pretty_json(&compact),
            serde_json::to_string_pretty(&doc).unwrap()
        );
        let doc = crate::demo::every_feature_document();
        let compact = serde_json::to_string(&doc).unwrap();
        assert_eq!(
            pretty_json(&compact),
            serde_json::to_string_pretty(&doc).unwrap()
        );
    }
}
