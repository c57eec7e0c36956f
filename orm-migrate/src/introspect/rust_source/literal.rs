//! Rust string literals, and column defaults as `#[column(default = ..)]` writes them.

use crate::ddl::string_literal;
use crate::snapshot::string_constant;

/// `text` as a Rust string literal: `r#"..."#` when it holds `"` or `\` (SQL
/// reads better unescaped), otherwise `"..."`.
pub(super) fn rust_str(text: &str) -> String {
    let plain = !text.chars().any(|c| c.is_control() || c == '"' || c == '\\');
    let raw_fits = !text.chars().any(char::is_control) && !text.contains("\"#");
    if plain {
        format!("\"{text}\"")
    } else if raw_fits {
        format!("r#\"{text}\"#")
    } else {
        format!("{text:?}")
    }
}

/// A name for a doc comment, between backticks: no backticks or control characters.
pub(super) fn doc_text(name: &str) -> String {
    name.chars().map(|c| if c == '`' || c.is_control() { '\'' } else { c }).collect()
}

/// `default = "<literal>"` for a constant the derive writes back the same way (a
/// number or boolean of a numeric or boolean column, a string constant of any
/// other column), otherwise `default = sql("<expression>")`. `default` is
/// normalized ([`normalize_default`](crate::snapshot::normalize_default)).
pub(super) fn default_attr(sql_type: &str, default: &str) -> String {
    let literal = if is_number_or_boolean_type(sql_type) {
        is_bare_constant(default).then(|| default.to_owned())
    } else {
        string_constant(default).filter(|value| string_literal(value) == default)
    };
    match literal {
        Some(value) => format!("default = {}", rust_str(&value)),
        None => format!("default = sql({})", rust_str(default)),
    }
}

/// `true` for the types whose literal defaults are written bare.
fn is_number_or_boolean_type(sql_type: &str) -> bool {
    matches!(
        sql_type,
        "boolean" | "smallint" | "integer" | "bigint" | "real" | "double precision" | "numeric"
    ) || sql_type.starts_with("numeric(")
}

/// `true` for `true`, `false` or a number such as `-1.5` or `1e20`.
fn is_bare_constant(text: &str) -> bool {
    matches!(text, "true" | "false") || {
        let digits = text.strip_prefix('-').unwrap_or(text);
        digits.bytes().next().is_some_and(|b| b.is_ascii_digit() || b == b'.')
            && digits.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_raw_when_that_reads_better() {
        assert_eq!(rust_str("users"), r#""users""#);
        assert_eq!(rust_str(r#"odd "quoted" table"#), r##"r#"odd "quoted" table"#"##);
        assert_eq!(rust_str(r"C:\temp"), r##"r#"C:\temp"#"##);
        assert_eq!(rust_str("a\"#b"), r##""a\"#b""##);
        assert_eq!(rust_str("line\nbreak"), r#""line\nbreak""#);
        assert_eq!(rust_str("grüße"), "\"grüße\"");
    }

    #[test]
    fn constants_become_literals() {
        assert_eq!(default_attr("integer", "-1"), r#"default = "-1""#);
        assert_eq!(default_attr("double precision", "1.5"), r#"default = "1.5""#);
        assert_eq!(default_attr("numeric(10, 2)", "9.99"), r#"default = "9.99""#);
        assert_eq!(default_attr("boolean", "false"), r#"default = "false""#);
        assert_eq!(default_attr("user_role", "'member'"), r#"default = "member""#);
        assert_eq!(default_attr("text", "'it''s'"), r#"default = "it's""#);
        assert_eq!(default_attr("text", r"E'C:\\x'"), r##"default = r#"C:\x"#"##);
        assert_eq!(default_attr("text[]", "'{}'"), r#"default = "{}""#);
    }

    #[test]
    fn expressions_stay_sql() {
        assert_eq!(default_attr("timestamptz", "now()"), r#"default = sql("now()")"#);
        assert_eq!(default_attr("integer", "1 + 2"), r#"default = sql("1 + 2")"#);
        assert_eq!(
            default_attr("text", "'a'::text || 'b'::text"),
            r#"default = sql("'a'::text || 'b'::text")"#
        );
        assert_eq!(
            default_attr("integer", "nextval('t_id_seq'::regclass)"),
            r#"default = sql("nextval('t_id_seq'::regclass)")"#
        );
    }
}
