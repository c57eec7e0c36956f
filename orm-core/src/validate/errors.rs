//! `ValidationErrors`: every field that failed validation, with a code and a message each.

use std::fmt;

use serde::Serialize;

/// What kind of rule a field broke: stable, machine-readable (`"too_long"` in JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ValidationCode {
    /// A NOT NULL column without a value: the field is missing, or `null`.
    Required,
    /// Longer than the column's `varchar(n)`, counted in characters as PostgreSQL counts them.
    TooLong,
    /// A number the column's `numeric(p, s)` cannot hold.
    OutOfRange,
    /// A JSON value of the wrong type for the field (a number where text is expected, ..).
    InvalidType,
    /// Text that is not a label of the column's enum type.
    InvalidLabel,
    /// A JSON key that is not a field of the insert struct.
    UnknownField,
    /// Refused by a `#[column(validate = ..)]` hook.
    Custom,
}

impl ValidationCode {
    /// The code as JSON spells it: `"too_long"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ValidationCode::Required => "required",
            ValidationCode::TooLong => "too_long",
            ValidationCode::OutOfRange => "out_of_range",
            ValidationCode::InvalidType => "invalid_type",
            ValidationCode::InvalidLabel => "invalid_label",
            ValidationCode::UnknownField => "unknown_field",
            ValidationCode::Custom => "custom",
        }
    }
}

impl fmt::Display for ValidationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One failing field.
///
/// Serializes as `{"field": "email", "code": "too_long", "message": ".."}`: the
/// column name stays on the server side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct FieldError {
    /// The Rust field (and JSON key): `email`. Empty when the whole value is wrong
    /// (`from_json` given something other than an object).
    pub field: String,
    /// The column, when the field is one: `e_mail` for `#[column(name = "e_mail")]`.
    #[serde(skip)]
    pub column: Option<&'static str>,
    /// What kind of rule the value broke.
    pub code: ValidationCode,
    /// What is wrong, in words a user can act on.
    pub message: String,
}

/// Every field of a row that failed validation, in field order; returned by the
/// derived `validate()` and `from_json(..)`, and held by [`Error::Validation`](crate::Error::Validation).
///
/// Serializes as the list of its [`FieldError`]s, for an HTTP layer's 422 body:
///
/// ```
/// use orm_core::validate::{ValidationCode, ValidationErrors};
///
/// let mut errors = ValidationErrors::new();
/// errors.add("password", ValidationCode::Custom, "`password` and `confirm` differ");
/// assert_eq!(
///     serde_json::to_value(&errors).unwrap(),
///     serde_json::json!([{"field": "password", "code": "custom", "message": "`password` and `confirm` differ"}])
/// );
/// assert_eq!(errors.to_string(), "invalid field `password`: `password` and `confirm` differ");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ValidationErrors {
    fields: Vec<FieldError>,
}

impl ValidationErrors {
    /// No errors yet.
    pub fn new() -> Self {
        ValidationErrors::default()
    }

    /// Adds a failing field that is not a column (a check of the application's own).
    pub fn add(&mut self, field: impl Into<String>, code: ValidationCode, message: impl Into<String>) {
        self.fields.push(FieldError { field: field.into(), column: None, code, message: message.into() });
    }

    /// Adds a failing column.
    pub(crate) fn add_column(
        &mut self,
        field: &'static str,
        column: &'static str,
        code: ValidationCode,
        message: String,
    ) {
        self.fields.push(FieldError { field: field.to_owned(), column: Some(column), code, message });
    }

    /// Orders the errors as the table's columns are ordered (a stable sort: a
    /// column's errors keep their order, and keys that are no column come last).
    pub(crate) fn sort_by_columns(&mut self, meta: &crate::schema::TableMeta) {
        let position = |error: &FieldError| {
            meta.columns.iter().position(|column| Some(column.name) == error.column).unwrap_or(usize::MAX)
        };
        self.fields.sort_by_key(position);
    }

    /// The failing fields, in field order.
    pub fn fields(&self) -> &[FieldError] {
        &self.fields
    }

    /// The errors of `field`: `errors.field("email")`.
    pub fn field<'a>(&'a self, field: &'a str) -> impl Iterator<Item = &'a FieldError> + 'a {
        self.fields.iter().filter(move |error| error.field == field)
    }

    /// `true` when no field failed.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// How many errors there are.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// `Ok(())` when no field failed, else `Err(self)`.
    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.fields[..] {
            [] => f.write_str("no invalid field"),
            [one] => write!(f, "invalid field `{}`: {}", one.field, one.message),
            many => {
                write!(f, "{} invalid fields: ", many.len())?;
                for (i, error) in many.iter().enumerate() {
                    let sep = if i == 0 { "" } else { "; " };
                    write!(f, "{sep}`{}`: {}", error.field, error.message)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ValidationErrors {}

impl<'a> IntoIterator for &'a ValidationErrors {
    type Item = &'a FieldError;
    type IntoIter = std::slice::Iter<'a, FieldError>;

    fn into_iter(self) -> Self::IntoIter {
        self.fields.iter()
    }
}
