//! Types and literals as DDL writes them: quoted enum type names, safe string
//! literals, and column defaults rendered by the column's type.

use orm_core::render::SqlWriter;
use orm_core::schema::SqlType;

/// Writes `text` as an SQL string literal that reads the same whatever
/// `standard_conforming_strings` is: every `'` is doubled, and text containing a
/// backslash uses the `E'..'` form with every backslash doubled.
pub(crate) fn push_string_literal(w: &mut SqlWriter<'_>, text: &str) {
    w.push_sql(&string_literal(text));
}

/// `text` as the string literal [`push_string_literal`] writes.
pub(crate) fn string_literal(text: &str) -> String {
    let escape_backslashes = text.contains('\\');
    let mut literal = String::with_capacity(text.len() + 3);
    if escape_backslashes {
        literal.push('E');
    }
    literal.push('\'');
    for ch in text.chars() {
        match ch {
            '\'' => literal.push_str("''"),
            '\\' => literal.push_str("\\\\"),
            other => literal.push(other),
        }
    }
    literal.push('\'');
    literal
}

/// How a literal default is written for its column type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LiteralForm {
    /// Written as is: `true`, `42`, `-1.5e3`.
    Bare,
    /// Written as a quoted string literal: `'member'`, `'2024-01-01'`, `'{1,2}'`.
    Quoted,
}

/// How `literal` is written as a default of a `sql_type` column, or what the type
/// expects when `literal` does not fit it (the `Err` reads "expected <..>").
pub(crate) fn literal_form(sql_type: &SqlType, literal: &str) -> Result<LiteralForm, String> {
    if literal.contains('\0') {
        return Err("a value without NUL characters".to_owned());
    }
    let fits = match sql_type {
        SqlType::Boolean => matches!(literal, "true" | "false"),
        SqlType::SmallInt => integer_literal(literal).is_some_and(|n| i16::try_from(n).is_ok()),
        SqlType::Integer => integer_literal(literal).is_some_and(|n| i32::try_from(n).is_ok()),
        SqlType::BigInt => integer_literal(literal).is_some(),
        SqlType::Real => is_numeric_literal(literal) && literal.parse::<f32>().is_ok_and(f32::is_finite),
        SqlType::Double => is_numeric_literal(literal) && literal.parse::<f64>().is_ok_and(f64::is_finite),
        SqlType::Numeric(_) => is_numeric_literal(literal),
        SqlType::Enum(meta) => {
            return if meta.labels.contains(&literal) {
                Ok(LiteralForm::Quoted)
            } else {
                Err(format!("one of the labels of {:?}: {:?}", meta.name, meta.labels))
            };
        }
        _ => return Ok(LiteralForm::Quoted),
    };
    if fits { Ok(LiteralForm::Bare) } else { Err(expected_literal(sql_type).to_owned()) }
}

/// What a bare literal of a boolean or numeric type looks like, for error messages.
fn expected_literal(sql_type: &SqlType) -> &'static str {
    match sql_type {
        SqlType::Boolean => "`true` or `false`",
        SqlType::SmallInt => "an integer from -32768 to 32767",
        SqlType::Integer => "an integer from -2147483648 to 2147483647",
        SqlType::BigInt => "an integer from -9223372036854775808 to 9223372036854775807",
        SqlType::Real | SqlType::Double => "a finite number such as `-1.5` or `2e10`",
        _ => "a number such as `-1.5` or `2e10`",
    }
}

/// Writes a literal default: bare when it fits a boolean or numeric column,
/// otherwise as a quoted string literal (which PostgreSQL then checks against
/// the column type, refusing a bad boolean or number with a clear error).
pub(crate) fn push_default_literal(w: &mut SqlWriter<'_>, sql_type: &SqlType, literal: &str) {
    match literal_form(sql_type, literal) {
        Ok(LiteralForm::Bare) => w.push_sql(literal),
        Ok(LiteralForm::Quoted) | Err(_) => push_string_literal(w, literal),
    }
}

/// `[-]digits` as an `i64`; `None` for anything else (no `+`, spaces or `_`).
fn integer_literal(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `true` for an SQL numeric constant with an optional leading `-`:
/// `[-](digits[.[digits]] | .digits)[e[+-]digits]`.
fn is_numeric_literal(text: &str) -> bool {
    let text = text.strip_prefix('-').unwrap_or(text);
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = !(whole.is_empty() && fraction.is_empty()) && all_digits(whole) && all_digits(fraction);
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && all_digits(e)
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use orm_core::schema::EnumMeta;

    static MOOD: EnumMeta = EnumMeta { name: "mood", labels: &["happy", "it's ok"] };
    static MOOD_TYPE: SqlType = SqlType::Enum(&MOOD);

    fn render(f: impl FnOnce(&mut SqlWriter<'_>)) -> String {
        let mut w = SqlWriter::new();
        f(&mut w);
        w.finish().0
    }

    fn literal(text: &str) -> String {
        render(|w| push_string_literal(w, text))
    }

    fn default(sql_type: SqlType, text: &str) -> String {
        render(|w| push_default_literal(w, &sql_type, text))
    }

    #[test]
    fn string_literals_double_quotes_and_escape_backslashes() {
        assert_eq!(literal("plain"), "'plain'");
        assert_eq!(literal(""), "''");
        assert_eq!(literal("it's"), "'it''s'");
        assert_eq!(literal("''"), "''''''");
        assert_eq!(literal(r"C:\dir"), r"E'C:\\dir'");
        assert_eq!(literal(r"\'; DROP TABLE x; --"), r"E'\\''; DROP TABLE x; --'");
        assert_eq!(literal("grüße, 東京 🦀"), "'grüße, 東京 🦀'");
        assert_eq!(literal("line\nbreak"), "'line\nbreak'");
    }

    #[test]
    fn booleans_and_numbers_are_bare() {
        assert_eq!(default(SqlType::Boolean, "true"), "true");
        assert_eq!(default(SqlType::Boolean, "false"), "false");
        assert_eq!(default(SqlType::SmallInt, "-32768"), "-32768");
        assert_eq!(default(SqlType::Integer, "42"), "42");
        assert_eq!(default(SqlType::BigInt, "9223372036854775807"), "9223372036854775807");
        assert_eq!(default(SqlType::Real, "1.5"), "1.5");
        assert_eq!(default(SqlType::Double, "-2.5e-3"), "-2.5e-3");
        assert_eq!(default(SqlType::Numeric(None), ".5"), ".5");
        assert_eq!(default(SqlType::Numeric(Some((10, 2))), "12."), "12.");
        assert_eq!(default(SqlType::Numeric(None), "1E+400"), "1E+400");
    }

    #[test]
    fn other_types_are_quoted() {
        static INT: SqlType = SqlType::Integer;
        assert_eq!(default(SqlType::Text, "it's"), "'it''s'");
        assert_eq!(default(SqlType::Varchar(10), r"a\b"), r"E'a\\b'");
        assert_eq!(
            default(SqlType::Uuid, "00000000-0000-0000-0000-000000000000"),
            "'00000000-0000-0000-0000-000000000000'"
        );
        assert_eq!(default(SqlType::Date, "2024-01-31"), "'2024-01-31'");
        assert_eq!(default(SqlType::Timestamptz, "epoch"), "'epoch'");
        assert_eq!(default(SqlType::Jsonb, r#"{"a": [1]}"#), r#"'{"a": [1]}'"#);
        assert_eq!(default(SqlType::Array(&INT), "{1,2}"), "'{1,2}'");
        assert_eq!(default(MOOD_TYPE, "it's ok"), "'it''s ok'");
    }

    #[test]
    fn literals_that_do_not_fit_are_quoted_and_reported() {
        for (sql_type, text) in [
            (SqlType::Boolean, "yes"),
            (SqlType::Boolean, "TRUE"),
            (SqlType::SmallInt, "32768"),
            (SqlType::Integer, "1.5"),
            (SqlType::Integer, "+1"),
            (SqlType::Integer, " 1"),
            (SqlType::Integer, "1_000"),
            (SqlType::BigInt, "-"),
            (SqlType::BigInt, "0x10"),
            (SqlType::Real, "1e39"),
            (SqlType::Double, "NaN"),
            (SqlType::Double, "inf"),
            (SqlType::Double, "1e"),
            (SqlType::Numeric(None), "."),
            (SqlType::Numeric(None), "1; DROP TABLE x"),
            (SqlType::Numeric(None), "1.2.3"),
            (MOOD_TYPE, "sad"),
            (SqlType::Text, "nul\0byte"),
        ] {
            assert!(literal_form(&sql_type, text).is_err(), "{sql_type} {text:?}");
        }
        assert_eq!(default(SqlType::Boolean, "yes"), "'yes'");
        assert_eq!(default(SqlType::Integer, "1; DROP TABLE x"), "'1; DROP TABLE x'");
        assert_eq!(
            literal_form(&MOOD_TYPE, "sad"),
            Err(r#"one of the labels of "mood": ["happy", "it's ok"]"#.to_owned())
        );
    }
}
