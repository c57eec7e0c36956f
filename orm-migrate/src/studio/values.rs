//! Checking a value typed into the edit form against its column before anything is
//! sent: what the schema knows (type, length, precision, NOT NULL, enum labels).

use orm_core::schema::{ColumnMeta, SqlType};

/// What the form says for one column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Input {
    /// A value, as typed.
    Value(String),
    /// NULL (the "NULL" box ticked).
    Null,
    /// Left to the server's default (inserts only).
    Default,
}

/// Why a value does not fit its column, as the form shows it next to the field.
pub(crate) fn check(column: &ColumnMeta, input: &Input) -> Result<(), String> {
    match input {
        Input::Default if column.has_server_value() => Ok(()),
        Input::Default => Err("required: this column has no default".to_owned()),
        Input::Null if column.nullable => Ok(()),
        Input::Null => Err("required: this column is NOT NULL".to_owned()),
        Input::Value(text) => check_text(&column.sql_type, text),
    }
}

fn check_text(sql_type: &SqlType, text: &str) -> Result<(), String> {
    let fits = match sql_type {
        SqlType::SmallInt => text.trim().parse::<i16>().is_ok(),
        SqlType::Integer => text.trim().parse::<i32>().is_ok(),
        SqlType::BigInt => text.trim().parse::<i64>().is_ok(),
        SqlType::Real | SqlType::Double => text.trim().parse::<f64>().is_ok(),
        SqlType::Numeric(shape) => return check_numeric(text.trim(), *shape),
        SqlType::Varchar(max) => {
            let length = text.chars().count();
            if length > *max as usize {
                return Err(format!("too long: {length} characters, at most {max} fit"));
            }
            true
        }
        SqlType::Boolean => {
            matches!(
                text.trim().to_ascii_lowercase().as_str(),
                "true" | "false" | "t" | "f" | "yes" | "no" | "1" | "0"
            )
        }
        SqlType::Uuid => uuid::Uuid::parse_str(text.trim()).is_ok(),
        SqlType::Jsonb => serde_json::from_str::<serde_json::Value>(text).is_ok(),
        SqlType::Enum(meta) => {
            if !meta.labels.contains(&text) {
                return Err(format!("must be one of: {}", meta.labels.join(", ")));
            }
            true
        }
        // Dates, times, bytea and arrays: the server's cast is the judge.
        _ => true,
    };
    if fits { Ok(()) } else { Err(format!("not a valid {sql_type}")) }
}

/// A decimal number with at most `precision - scale` digits before the point.
fn check_numeric(text: &str, shape: Option<(u32, u32)>) -> Result<(), String> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
        return Err("not a number".to_owned());
    }
    if let Some((precision, scale)) = shape {
        let significant = whole.trim_start_matches('0').len() as u32;
        if significant > precision - scale {
            return Err(format!(
                "out of range: at most {} digits before the point (numeric({precision}, {scale}))",
                precision - scale
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_lengths_and_labels() {
        assert!(check_text(&SqlType::Integer, "42").is_ok());
        assert!(check_text(&SqlType::Integer, "4.2").is_err());
        assert!(check_text(&SqlType::SmallInt, "40000").is_err());
        assert!(check_text(&SqlType::Varchar(3), "äöü").is_ok());
        assert!(check_text(&SqlType::Varchar(3), "äöüß").is_err());
        assert!(check_numeric("999.99", Some((5, 2))).is_ok());
        assert!(check_numeric("1000.0", Some((5, 2))).is_err());
        assert!(check_numeric("-0012.5", Some((4, 1))).is_ok());
        assert!(check_numeric("1e5", None).is_err());
        assert!(check_text(&SqlType::Jsonb, "{\"a\": 1}").is_ok());
        assert!(check_text(&SqlType::Jsonb, "{a: 1}").is_err());
    }
}
