//! Normalized expression text, so that the same default or condition compares
//! equal whether it was written in the code or read back from PostgreSQL (which
//! prints `'member'::user_role` for the default `'member'` and `(age > 0)` for the
//! check `age > 0`).

use crate::ddl::string_literal;

/// Whitespace outside quotes collapsed to single spaces, and parentheses that
/// wrap the whole expression removed.
pub(crate) fn normalize_expr(expr: &str) -> String {
    let mut text = collapse_whitespace(expr);
    while let Some(inner) = strip_wrapping_parens(&text) {
        text = inner.trim().to_owned();
    }
    text
}

/// A normalized column default: the expression normalized, and a constant
/// (`'-1'::integer`, `'member'::user_role`, `'{}'::text[]`, `1.50`) written one
/// way for its column type: numbers and booleans bare, anything else as a
/// string literal without a cast.
pub(crate) fn normalize_default(sql_type: &str, expr: &str) -> String {
    let expr = normalize_expr(expr);
    let value = match string_constant(&expr) {
        Some(value) => value,
        None if is_bare_constant(&expr) => expr.clone(),
        None => return expr,
    };
    if let Some(number) = canonical_number(sql_type, &value) {
        return number;
    }
    if sql_type == "boolean" {
        match value.to_ascii_lowercase().as_str() {
            "true" | "t" | "yes" | "on" | "1" => return "true".to_owned(),
            "false" | "f" | "no" | "off" | "0" => return "false".to_owned(),
            _ => {}
        }
    }
    if string_constant(&expr).is_none() {
        return expr;
    }
    string_literal(&value)
}

/// A number written one way for the column type: integers without sign or
/// leading zeros to spare, floating point in Rust's shortest round-trip form,
/// numeric as written (PostgreSQL keeps its scale: `1.50`).
fn canonical_number(sql_type: &str, value: &str) -> Option<String> {
    match sql_type {
        "smallint" | "integer" | "bigint" => value.parse::<i128>().ok().map(|n| n.to_string()),
        "real" | "double precision" => {
            let parsed: f64 = value.parse().ok()?;
            parsed.is_finite().then(|| parsed.to_string())
        }
        t if t == "numeric" || t.starts_with("numeric(") => {
            let trimmed = value.strip_prefix('+').unwrap_or(value);
            trimmed.parse::<f64>().is_ok().then(|| trimmed.to_owned())
        }
        _ => None,
    }
}

/// `true` for a bare number or boolean: `0`, `-1.5`, `1e20`, `true`.
fn is_bare_constant(expr: &str) -> bool {
    expr == "true"
        || expr == "false"
        || (!expr.is_empty()
            && expr.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'))
            && expr.bytes().any(|b| b.is_ascii_digit()))
}

/// The value of `'text'`, `E'text'` or either followed by one `::type` cast;
/// `None` for anything else.
pub(crate) fn string_constant(expr: &str) -> Option<String> {
    let (escaped, rest) = match expr.strip_prefix("E'").or_else(|| expr.strip_prefix("e'")) {
        Some(rest) => (true, rest),
        None => (false, expr.strip_prefix('\'')?),
    };
    let mut value = String::new();
    let mut chars = rest.char_indices().peekable();
    let end = loop {
        let (at, ch) = chars.next()?;
        match ch {
            '\'' if chars.peek().is_some_and(|&(_, c)| c == '\'') => {
                chars.next();
                value.push('\'');
            }
            '\'' => break at + 1,
            '\\' if escaped => value.push(chars.next()?.1),
            other => value.push(other),
        }
    };
    let tail = &rest[end..];
    if tail.is_empty() || is_cast(tail) { Some(value) } else { None }
}

/// `true` for `::type`, a type name possibly with a modifier and array brackets
/// (`::character varying`, `::numeric(10,2)`, `::"odd type"[]`).
fn is_cast(tail: &str) -> bool {
    tail.strip_prefix("::").is_some_and(|ty| {
        !ty.is_empty()
            && !ty.contains("::")
            && ty.chars().all(|c| c.is_alphanumeric() || " _\"()[],.".contains(c))
    })
}

/// Whitespace runs outside string literals and quoted identifiers become one space.
fn collapse_whitespace(expr: &str) -> String {
    let mut out = String::with_capacity(expr.len());
    let mut quote = None;
    let mut pending_space = false;
    for ch in expr.trim().chars() {
        match quote {
            Some(q) => {
                out.push(ch);
                if ch == q {
                    quote = None;
                }
            }
            None if ch.is_whitespace() => pending_space = true,
            None => {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                if ch == '\'' || ch == '"' {
                    quote = Some(ch);
                }
                out.push(ch);
            }
        }
    }
    out
}

/// The text inside `( .. )` when the opening parenthesis closes at the very end.
fn strip_wrapping_parens(text: &str) -> Option<&str> {
    let inner = text.strip_prefix('(')?.strip_suffix(')')?;
    let mut depth = 0i32;
    let mut quote = None;
    for ch in inner.chars() {
        match quote {
            Some(q) if ch == q => quote = None,
            Some(_) => {}
            None => match ch {
                '\'' | '"' => quote = Some(ch),
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth < 0 {
                        return None;
                    }
                }
                _ => {}
            },
        }
    }
    (depth == 0).then_some(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_lose_wrapping_parens_and_extra_spaces() {
        assert_eq!(normalize_expr("(x > 0)"), "x > 0");
        assert_eq!(normalize_expr("((c > 0) AND (c < 10))"), "(c > 0) AND (c < 10)");
        assert_eq!(normalize_expr("(a) + (b)"), "(a) + (b)");
        assert_eq!(normalize_expr("  length(body)\n   > 0 "), "length(body) > 0");
        assert_eq!(normalize_expr("x = '  (two  spaces) '"), "x = '  (two  spaces) '");
        assert_eq!(normalize_expr("now()"), "now()");
    }

    #[test]
    fn defaults_read_back_from_postgres_match_the_code() {
        // What PostgreSQL 15 prints (pg_get_expr) beside what the code writes.
        for (ty, printed, written) in [
            ("integer", "'-1'::integer", "-1"),
            ("integer", "0", "0"),
            ("double precision", "'-1.5'::numeric", "-1.5e0"),
            ("double precision", "'100000000000000000000'::numeric", "1e20"),
            ("real", "1.5", "1.5"),
            ("numeric(10, 2)", "9.99", "9.99"),
            ("numeric", "'-1.5'::numeric", "-1.5"),
            ("boolean", "true", "true"),
            ("text", r"'C:\x''s'::text", r"E'C:\\x''s'"),
            ("varchar(10)", "'x'::character varying", "'x'"),
            ("mood", "'a'::mood", "'a'"),
            ("text[]", "'{}'::text[]", "'{}'"),
            ("timestamptz", "now()", "now()"),
            ("jsonb", r#"'{"a": 1}'::jsonb"#, r#"'{"a": 1}'"#),
            ("bigint", "'9223372036854775807'::bigint", "9223372036854775807"),
        ] {
            assert_eq!(normalize_default(ty, printed), normalize_default(ty, written), "{ty} {printed}");
        }
        assert_eq!(normalize_default("text", "'it''s'::text"), "'it''s'");
        assert_eq!(normalize_default("integer", "'-1'::integer"), "-1");
        assert_eq!(normalize_default("integer", "(1 + 2)"), "1 + 2");
    }

    #[test]
    fn non_constants_are_left_alone() {
        assert_eq!(normalize_default("text", "'a'::text || 'b'::text"), "'a'::text || 'b'::text");
        assert_eq!(normalize_default("timestamptz", "CURRENT_TIMESTAMP"), "CURRENT_TIMESTAMP");
    }
}
