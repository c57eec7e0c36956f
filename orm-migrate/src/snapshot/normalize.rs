//! Normalized expression text, so that the same default or condition compares
//! equal whether it was written in the code or read back from PostgreSQL (which
//! prints `'member'::user_role` for the default `'member'` and `(age > 0)` for the
//! check `age > 0`).

use crate::ddl::string_literal;

/// Whitespace outside quotes collapsed to single spaces, casts of constants
/// removed (PostgreSQL prints `status <> 'x'::text` and `n > (0)::numeric` for the
/// checks `status <> 'x'` and `n > 0`), and parentheses that wrap the whole
/// expression removed.
pub(crate) fn normalize_expr(expr: &str) -> String {
    let mut text = strip_constant_casts(&strip_typed_literals(&collapse_whitespace(expr)));
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
    if sql_type == "timestamptz" {
        if let Some(instant) = utc_instant(&value) {
            return string_literal(&instant);
        }
    }
    string_literal(&value)
}

/// A `timestamptz` literal with an offset as one UTC text, whatever offset it
/// was written with (PostgreSQL prints it in the session's time zone).
fn utc_instant(value: &str) -> Option<String> {
    let parsed = orm_core::DateTime::parse_from_rfc3339(value)
        .or_else(|_| orm_core::DateTime::parse_from_str(value, "%Y-%m-%d %H:%M:%S%.f%#z"))
        .ok()?;
    Some(parsed.with_timezone(&orm_core::Utc).format("%Y-%m-%d %H:%M:%S%.f+00").to_string())
}

/// Types whose typed literal (`interval '1 day'`) PostgreSQL prints as a cast
/// (`'1 day'::interval`).
const TYPED_LITERALS: &[&str] = &[
    "interval",
    "date",
    "time",
    "timestamp",
    "timestamptz",
    "uuid",
    "json",
    "jsonb",
    "numeric",
    "text",
    "boolean",
];

/// `interval '1 day'` becomes `'1 day'` (the cast form's cast is dropped the same way).
fn strip_typed_literals(expr: &str) -> String {
    let mut out = String::with_capacity(expr.len());
    let mut rest = expr;
    while let Some(first) = rest.chars().next() {
        if first == '\'' || first == '"' {
            let end = rest[1..].find(first).map_or(rest.len(), |at| at + 2);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let word_len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        if word_len == 0 {
            out.push(first);
            rest = &rest[first.len_utf8()..];
            continue;
        }
        let (word, after) = rest.split_at(word_len);
        let typed = TYPED_LITERALS.contains(&word.to_ascii_lowercase().as_str())
            && after.starts_with(" '")
            && !out.ends_with('.');
        if typed {
            rest = &after[1..];
        } else {
            out.push_str(word);
            rest = after;
        }
    }
    out
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

/// Type names of more than one word, as a cast may spell them.
const MULTI_WORD_TYPES: &[&str] = &[
    "character varying",
    "double precision",
    "timestamp with time zone",
    "timestamp without time zone",
    "time with time zone",
    "time without time zone",
    "bit varying",
];

/// `expr` without the `::type` casts that follow a string constant (`'x'::text`)
/// or a parenthesized number (`(0)::numeric`, which becomes `0`).
fn strip_constant_casts(expr: &str) -> String {
    let mut out = String::with_capacity(expr.len());
    let mut rest = expr;
    while let Some(ch) = rest.chars().next() {
        let constant_end = match ch {
            '\'' => string_end(rest, out.ends_with(['E', 'e'])),
            '"' => {
                let end = quoted_ident_end(rest);
                out.push_str(&rest[..end]);
                rest = &rest[end..];
                continue;
            }
            '(' if !out.ends_with(|c: char| c.is_alphanumeric() || c == '_') => {
                parenthesized_number_end(rest)
            }
            _ => None,
        };
        match constant_end.and_then(|end| Some((end, cast_len(&rest[end..])?))) {
            Some((end, cast)) => {
                let constant = &rest[..end];
                out.push_str(if ch == '(' { &constant[1..end - 1] } else { constant });
                rest = &rest[end + cast..];
            }
            None => {
                let end = constant_end.unwrap_or(ch.len_utf8());
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            }
        }
    }
    out
}

/// The length of the string literal at the start of `text` (`'it''s'`; with
/// backslash escapes when `escaped`), or `None` when it does not end.
fn string_end(text: &str, escaped: bool) -> Option<usize> {
    let mut chars = text.char_indices().skip(1).peekable();
    while let Some((at, ch)) = chars.next() {
        match ch {
            '\'' if chars.peek().is_some_and(|&(_, c)| c == '\'') => {
                chars.next();
            }
            '\'' => return Some(at + 1),
            '\\' if escaped => {
                chars.next();
            }
            _ => {}
        }
    }
    None
}

/// The length of the quoted identifier at the start of `text` (all of it when it does not end).
fn quoted_ident_end(text: &str) -> usize {
    let mut chars = text.char_indices().skip(1).peekable();
    while let Some((at, ch)) = chars.next() {
        if ch == '"' {
            if chars.peek().is_some_and(|&(_, c)| c == '"') {
                chars.next();
            } else {
                return at + 1;
            }
        }
    }
    text.len()
}

/// The length of `(<number>)` at the start of `text`: `(0)`, `(-1.5)`.
fn parenthesized_number_end(text: &str) -> Option<usize> {
    let close = text.find(')')?;
    let inner = &text[1..close];
    let digits = inner.strip_prefix('-').unwrap_or(inner);
    let is_number = digits.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && digits.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    is_number.then_some(close + 1)
}

/// The length of the `::type` cast at the start of `text`: a (possibly quoted or
/// schema-qualified) type name or a multi-word built-in name, an optional
/// modifier and array brackets; `None` when `text` does not start with one.
fn cast_len(text: &str) -> Option<usize> {
    let ty = text.strip_prefix("::")?;
    let multi_word = MULTI_WORD_TYPES.iter().find(|name| {
        ty.starts_with(*name) && !ty[name.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
    });
    let mut len = match multi_word {
        Some(name) => name.len(),
        None => qualified_name_len(ty)?,
    };
    if ty[len..].starts_with('(') {
        let close = ty[len..].find(')')?;
        let modifier = &ty[len + 1..len + close];
        if !modifier.bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b' ') {
            return None;
        }
        len += close + 1;
    }
    while ty[len..].starts_with("[]") {
        len += 2;
    }
    Some(2 + len)
}

/// The length of `name`, `"name"` or `schema.name` at the start of `text`.
fn qualified_name_len(text: &str) -> Option<usize> {
    let mut len = 0;
    loop {
        let part = &text[len..];
        let part_len = if part.starts_with('"') {
            quoted_ident_end(part)
        } else {
            part.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(part.len())
        };
        if part_len == 0 {
            return None;
        }
        len += part_len;
        if text[len..].starts_with('.') {
            len += 1;
        } else {
            return Some(len);
        }
    }
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
    fn casts_of_constants_are_removed() {
        // What PostgreSQL 15 prints (pg_get_expr) beside what the code writes.
        for (printed, written) in [
            ("(email <> ''::text)", "email <> ''"),
            (r#"("x""y" <> 'a"b'::"odd""kind")"#, r#""x""y" <> 'a"b'"#),
            ("(n > (0)::numeric)", "n > 0"),
            ("(n > (-1.5)::double precision)", "n > -1.5"),
            ("((name)::text <> 'it''s'::character varying(10))", "(name)::text <> 'it''s'"),
            ("(status = ANY ('{a,b}'::text[]))", "(status = ANY ('{a,b}'))"),
            ("(d > '2024-01-01'::date)", "d > '2024-01-01'"),
            ("(t > '2024-01-01 00:00:00+00'::timestamp with time zone)", "t > '2024-01-01 00:00:00+00'"),
            ("k = 'x'::public.kind", "k = 'x'"),
            (r"x = E'a\\'::text", r"x = E'a\\'"),
        ] {
            assert_eq!(normalize_expr(printed), normalize_expr(written), "{printed}");
        }
        // Casts of anything but a constant stay.
        for kept in ["(a)::text = b", "f(1)::text = 'x'", "x::integer > 0", "'a' || b::text", "'a::b'"] {
            assert_eq!(normalize_expr(kept), kept);
        }
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
    fn typed_literals_and_time_zones_read_back_alike() {
        assert_eq!(normalize_expr("now() + interval '1 day'"), normalize_expr("(now() + '1 day'::interval)"));
        assert_eq!(normalize_expr("x = 'interval ''a'''"), "x = 'interval ''a'''");
        assert_eq!(normalize_expr("my_interval '1'"), "my_interval '1'");
        assert_eq!(
            normalize_default("timestamptz", "'2024-01-31 12:00:00+02'"),
            normalize_default("timestamptz", "'2024-01-31 10:00:00+00'::timestamp with time zone")
        );
        assert_eq!(
            normalize_default("timestamptz", "'2024-01-31T12:00:00.5+02:00'"),
            normalize_default("timestamptz", "'2024-01-31 10:00:00.5+00'::timestamp with time zone")
        );
    }

    #[test]
    fn non_constants_are_left_alone() {
        assert_eq!(normalize_default("text", "'a'::text || 'b'::text"), "'a' || 'b'");
        assert_eq!(normalize_default("text", "lower('A'::text)"), "lower('A')");
        assert_eq!(normalize_default("timestamptz", "CURRENT_TIMESTAMP"), "CURRENT_TIMESTAMP");
    }
}
