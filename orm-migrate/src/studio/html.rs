//! HTML writing: escaping, the page frame, links with query strings.

use std::fmt::Write;

/// Text made safe to place in HTML, inside elements and quoted attributes.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A path with a query string, each pair URL-encoded.
pub(crate) fn link<'a>(path: &str, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    let mut any = false;
    for (key, value) in pairs {
        query.append_pair(key, value);
        any = true;
    }
    if any { format!("{path}?{}", query.finish()) } else { path.to_owned() }
}

/// The path of a table's page: its SQL name percent-encoded as one path segment.
/// (Form encoding writes a space as `+`, which a path does not decode; every `+` it
/// writes is a space, since a `+` of the name itself becomes `%2B`.)
pub(crate) fn table_path(table: &str) -> String {
    let encoded: String = form_urlencoded::byte_serialize(table.as_bytes()).collect();
    format!("/tables/{}", encoded.replace('+', "%20"))
}

const STYLE: &str = "
body{font-family:system-ui,sans-serif;margin:0;display:flex;color:#1d2430;font-size:14px}
nav{width:220px;background:#f3f5f8;min-height:100vh;padding:12px;box-sizing:border-box;border-right:1px solid #dde2ea}
nav h1{font-size:16px;margin:4px 0 12px}
nav a{display:flex;justify-content:space-between;padding:4px 6px;border-radius:4px;color:#1d2430;text-decoration:none}
nav a:hover,nav a.current{background:#dfe6f2}
nav .count{color:#6b7687}
main{padding:16px 20px;flex:1;overflow-x:auto}
table{border-collapse:collapse;margin:8px 0}
th,td{border:1px solid #dde2ea;padding:4px 8px;text-align:left;vertical-align:top;max-width:320px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
th{background:#f3f5f8}
th a{color:inherit}
.null{color:#9aa3b2;font-style:italic}
.error{color:#b3261e}
.warning{background:#fff4d6;border:1px solid #e8c55a;padding:8px 12px;border-radius:4px}
.filters td{background:#fafbfc}
.filters input,.filters select{font-size:12px;width:110px}
.filters select[name^=op_]{width:52px}
.pager a{margin-right:12px}
form.edit label{display:block;margin-top:8px;font-weight:600}
form.edit .field-error{color:#b3261e;font-weight:normal;margin-left:8px}
.mode{color:#6b7687;font-size:12px}
";

/// The sidebar entry of one table.
pub(crate) struct NavEntry<'a> {
    pub(crate) table: &'a str,
    pub(crate) rows: Option<i64>,
}

/// A whole page: the sidebar of tables with their row counts, and `body`.
pub(crate) fn frame(
    title: &str,
    current: Option<&str>,
    nav: &[NavEntry<'_>],
    writable: bool,
    body: &str,
) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{} · orm studio</title><style>{STYLE}</style></head><body><nav><h1>orm studio</h1><div class=\"mode\">{}</div>",
        escape(title),
        if writable { "editing allowed (--write)" } else { "read-only" }
    );
    for entry in nav {
        let class = if current == Some(entry.table) { " class=\"current\"" } else { "" };
        let rows = entry.rows.map_or_else(|| "?".to_owned(), |n| n.to_string());
        let _ = write!(
            out,
            "<a href=\"{}\"{class} data-table=\"{}\"><span>{}</span><span class=\"count\">{rows}</span></a>",
            escape(&table_path(entry.table)),
            escape(entry.table),
            escape(entry.table)
        );
    }
    let _ = write!(out, "</nav><main>{body}</main></body></html>");
    out
}

/// A cell's content: the value (shortened to `max` characters) or a NULL marker.
pub(crate) fn cell(value: Option<&str>, max: usize) -> String {
    match value {
        None => "<span class=\"null\">NULL</span>".to_owned(),
        Some(text) if text.chars().count() > max => {
            let short: String = text.chars().take(max).collect();
            format!("{}…", escape(&short))
        }
        Some(text) => escape(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_name_is_one_path_segment() {
        assert_eq!(table_path("users"), "/tables/users");
        assert_eq!(table_path("odd \"quoted\" table/+%"), "/tables/odd%20%22quoted%22%20table%2F%2B%25");
    }

    #[test]
    fn text_is_escaped_for_elements_and_attributes() {
        assert_eq!(escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }
}
