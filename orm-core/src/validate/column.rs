//! The checks a column's SQL type implies: `varchar(n)` length, `numeric(p, s)` range.

use std::any::Any;

use super::{ValidationCode, ValidationErrors};
use crate::schema::{ColumnMeta, SqlType, TableMeta};

/// Checks every value of an insert or patch struct against its column. `values`
/// hold the fields in column order, identities left out (as the structs do).
pub fn check_columns(errors: &mut ValidationErrors, meta: &TableMeta, values: &[&dyn Any]) {
    for (column, value) in meta.columns.iter().filter(|column| !column.identity).zip(values) {
        check_column(errors, column, *value);
    }
}

/// Checks one value against what its column's type allows (`varchar(n)` length in
/// characters, `numeric(p, s)` range after rounding, as PostgreSQL decides them) and
/// returns the problems found, empty when it fits. `value` is the column's Rust type
/// (`String`, `Decimal`) or an `Option` of it; other types have nothing to check.
/// For tools that hold values column by column (a form, an import) rather than in a
/// derived insert struct.
pub fn check_value(column: &ColumnMeta, value: &dyn Any) -> ValidationErrors {
    let mut errors = ValidationErrors::new();
    check_column(&mut errors, column, value);
    errors
}

/// Checks one value against its column. `value` is the field's type `V`, or an
/// `Option` of it (an insert struct's defaulted field, a patch field); `None` passes.
pub(crate) fn check_column(errors: &mut ValidationErrors, column: &ColumnMeta, value: &dyn Any) {
    match column.sql_type {
        SqlType::Varchar(max) => {
            if let Some(text) = present::<String>(value) {
                check_varchar(errors, column, text, max);
            }
        }
        #[cfg(feature = "decimal")]
        SqlType::Numeric(Some((precision, scale))) => {
            if let Some(number) = present::<rust_decimal::Decimal>(value) {
                check_numeric(errors, column, number, precision, scale);
            }
        }
        _ => {}
    }
}

/// The `T` inside `value`, whether it is a `T`, an `Option<T>` or an `Option<Option<T>>`.
fn present<T: 'static>(value: &dyn Any) -> Option<&T> {
    if let Some(value) = value.downcast_ref::<T>() {
        return Some(value);
    }
    if let Some(value) = value.downcast_ref::<Option<T>>() {
        return value.as_ref();
    }
    value.downcast_ref::<Option<Option<T>>>().and_then(|value| value.as_ref()?.as_ref())
}

/// PostgreSQL counts characters, not bytes, and stores a longer string when
/// what is past the limit is only spaces (it cuts them off); anything else past
/// the limit is refused ("value too long for type character varying(n)").
fn check_varchar(errors: &mut ValidationErrors, column: &ColumnMeta, text: &str, max: u32) {
    let max = max as usize;
    let mut chars = text.chars();
    let past_limit = chars.by_ref().take(max).count() == max && chars.any(|c| c != ' ');
    if past_limit {
        let length = text.chars().count();
        errors.add_column(
            column.field,
            column.name,
            ValidationCode::TooLong,
            format!("`{}` is {length} characters long; at most {max} fit", column.field),
        );
    }
}

/// PostgreSQL rounds a value to the column's scale (half away from zero), then
/// refuses it when the rounded value has more than `precision - scale` digits
/// before the point ("numeric field overflow"). Rounding itself is not refused.
#[cfg(feature = "decimal")]
fn check_numeric(
    errors: &mut ValidationErrors,
    column: &ColumnMeta,
    number: &rust_decimal::Decimal,
    precision: u32,
    scale: u32,
) {
    use rust_decimal::{Decimal, RoundingStrategy};

    let integer_digits = precision - scale;
    // A `Decimal` has at most 29 digits: beyond 28 integer digits every one fits.
    if integer_digits > 28 {
        return;
    }
    let rounded = number.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero);
    let limit = Decimal::from_i128_with_scale(10i128.pow(integer_digits), 0);
    if rounded.abs() >= limit {
        let bound = if scale == 0 {
            format!("{}", limit - Decimal::ONE)
        } else {
            format!("{}.{}", limit - Decimal::ONE, "9".repeat(scale as usize))
        };
        errors.add_column(
            column.field,
            column.name,
            ValidationCode::OutOfRange,
            format!(
                "`{}` is {number}; numeric({precision}, {scale}) holds -{bound} to {bound}",
                column.field
            ),
        );
    }
}
