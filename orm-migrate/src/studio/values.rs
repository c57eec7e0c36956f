//! Checking a value typed into the edit form against its column before anything is
//! sent: what the schema knows (type, length, precision, NOT NULL, enum labels).

use std::any::Any;

use orm_core::schema::{ColumnMeta, SqlType, TableMeta};

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
        Input::Value(text) => check_text(&column.sql_type, text).and_then(|()| check_with_orm(column, text)),
    }
}

/// The column's `#[column(validate = ..)]` hook, if it has one, run on the value as the
/// column's Rust type (types a form value cannot be read as are left to the server).
pub(crate) fn check_hook(table: &TableMeta, index: usize, text: &str) -> Result<(), String> {
    let Some(hook) = table.hook(index) else { return Ok(()) };
    let value: Box<dyn Any> = match table.columns[index].sql_type {
        SqlType::Text | SqlType::Varchar(_) => Box::new(text.to_owned()),
        SqlType::SmallInt => Box::new(text.trim().parse::<i16>().map_err(|e| e.to_string())?),
        SqlType::Integer => Box::new(text.trim().parse::<i32>().map_err(|e| e.to_string())?),
        SqlType::BigInt => Box::new(text.trim().parse::<i64>().map_err(|e| e.to_string())?),
        SqlType::Real => Box::new(text.trim().parse::<f32>().map_err(|e| e.to_string())?),
        SqlType::Double => Box::new(text.trim().parse::<f64>().map_err(|e| e.to_string())?),
        SqlType::Numeric(_) => Box::new(text.trim().parse::<orm_core::Decimal>().map_err(|e| e.to_string())?),
        SqlType::Uuid => Box::new(orm_core::Uuid::parse_str(text.trim()).map_err(|e| e.to_string())?),
        _ => return Ok(()),
    };
    (hook.check)(value.as_ref())
}

/// The checks `validate()` runs on derived structs, on the value as its column's Rust
/// type: `varchar(n)` length and `numeric(p, s)` range, decided as PostgreSQL decides them.
fn check_with_orm(column: &ColumnMeta, text: &str) -> Result<(), String> {
    let errors = match column.sql_type {
        SqlType::Varchar(_) => orm_core::validate::check_value(column, &text.to_owned()),
        SqlType::Numeric(_) => match text.trim().parse::<orm_core::Decimal>() {
            Ok(number) => orm_core::validate::check_value(column, &number),
            Err(_) => return Err("not a number PostgreSQL's numeric could hold here".to_owned()),
        },
        _ => return Ok(()),
    };
    match errors.fields().first() {
        Some(problem) => Err(problem.message.clone()),
        None => Ok(()),
    }
}

fn check_text(sql_type: &SqlType, text: &str) -> Result<(), String> {
    let fits = match sql_type {
        SqlType::SmallInt => text.trim().parse::<i16>().is_ok(),
        SqlType::Integer => text.trim().parse::<i32>().is_ok(),
        SqlType::BigInt => text.trim().parse::<i64>().is_ok(),
        SqlType::Real | SqlType::Double => text.trim().parse::<f64>().is_ok(),
        SqlType::Numeric(_) => return check_numeric(text.trim()),
        // Its length is the ORM's check (`check_with_orm`).
        SqlType::Varchar(_) => true,
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

/// A plain decimal number (its range is the ORM's check).
fn check_numeric(text: &str) -> Result<(), String> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
        return Err("not a number".to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(sql_type: SqlType) -> ColumnMeta {
        crate::fixtures::col("c", sql_type)
    }

    fn fits(sql_type: SqlType, text: &str) -> bool {
        check(&column(sql_type), &Input::Value(text.to_owned())).is_ok()
    }

    #[test]
    fn numbers_lengths_and_labels() {
        assert!(fits(SqlType::Integer, "42"));
        assert!(!fits(SqlType::Integer, "4.2"));
        assert!(!fits(SqlType::SmallInt, "40000"));
        // Characters, not bytes; trailing spaces past the limit are cut, as PostgreSQL does.
        assert!(fits(SqlType::Varchar(3), "äöü"));
        assert!(fits(SqlType::Varchar(3), "äöü  "));
        assert!(!fits(SqlType::Varchar(3), "äöüß"));
        // numeric(p, s): rounded to the scale first, then the digits before the point count.
        assert!(fits(SqlType::Numeric(Some((5, 2))), "999.994"));
        assert!(!fits(SqlType::Numeric(Some((5, 2))), "999.995"));
        assert!(fits(SqlType::Numeric(Some((4, 1))), "-0012.5"));
        assert!(!fits(SqlType::Numeric(None), "1e5"));
        assert!(fits(SqlType::Jsonb, "{\"a\": 1}"));
        assert!(!fits(SqlType::Jsonb, "{a: 1}"));
        assert!(check(&column(SqlType::Text), &Input::Null).is_err());
        assert!(check(&column(SqlType::Text), &Input::Default).is_err());
    }
}
