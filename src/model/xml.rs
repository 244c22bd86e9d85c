//! Escaping text for XML and HTML: the XMP packet of a PDF and the archive's index.

/// Escapes text for XML element content and attribute values. Carriage returns are
/// written as references because XML parsers turn a literal CR into LF, and the
/// value would then no longer equal the document information entry.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#xD;"),
            c => out.push(c),
        }
    }
    out
}
