//! Reading an insert struct's fields from a JSON object, every problem reported per field.

use serde::Deserialize;
use serde_json::{Map, Value};

use super::column::check_column;
use super::{ValidationCode, ValidationErrors};
use crate::schema::{ColumnMeta, SqlType, TableMeta};

/// A field's value read from JSON: `V` itself. The derived `from_json` bounds
/// `JsonField<V>: Deserialize<'de>` rather than `V: Deserialize<'de>`: a bound
/// on `String` itself would be taken for every `String` inside another field's
/// type (`Json<BTreeMap<String, ..>>`), where any lifetime is needed.
pub struct JsonField<V>(pub V);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for JsonField<V> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        V::deserialize(deserializer).map(JsonField)
    }
}

/// The JSON object an insert struct is read from, and the errors found so far.
pub struct JsonFields {
    object: Map<String, Value>,
    errors: ValidationErrors,
    meta: &'static TableMeta,
    insert_name: &'static str,
}

impl JsonFields {
    /// Starts reading `value`, which must be a JSON object, into `insert_name` (`NewUser`).
    pub fn new(
        value: Value,
        meta: &'static TableMeta,
        insert_name: &'static str,
    ) -> Result<Self, ValidationErrors> {
        match value {
            Value::Object(object) => {
                Ok(JsonFields { object, errors: ValidationErrors::new(), meta, insert_name })
            }
            other => {
                let mut errors = ValidationErrors::new();
                errors.add(
                    "",
                    ValidationCode::InvalidType,
                    format!(
                        "expected a JSON object with the fields of `{insert_name}`, found {}",
                        json_kind(&other)
                    ),
                );
                Err(errors)
            }
        }
    }

    /// A field the insert struct holds as its own type: required unless the
    /// column is nullable (then a missing key is NULL). `None` when it failed.
    pub fn value<'de, V>(&mut self, column: &ColumnMeta) -> Option<V>
    where
        V: 'static,
        JsonField<V>: Deserialize<'de>,
    {
        match self.object.remove(column.field) {
            Some(value) => self.read(column, value),
            None if column.nullable => self.read(column, Value::Null),
            None => {
                self.required(column, "is missing");
                None
            }
        }
    }

    /// A field with a column default, held as `Option`: a missing key is `None`
    /// (the default); `null` is NULL, refused for a NOT NULL column. The outer
    /// `Option` is `None` when the field failed.
    pub fn defaulted<'de, V>(&mut self, column: &ColumnMeta) -> Option<Option<V>>
    where
        V: 'static,
        JsonField<V>: Deserialize<'de>,
    {
        match self.object.remove(column.field) {
            None => Some(None),
            Some(value) => self.read(column, value).map(Some),
        }
    }

    /// Every error found, with one per key that is not a field of the insert struct.
    pub fn finish(mut self) -> ValidationErrors {
        let fields = self.meta.columns.iter().filter(|c| !c.identity).map(|c| format!("`{}`", c.field));
        let expected = fields.collect::<Vec<_>>().join(", ");
        for key in self.object.keys() {
            self.errors.add(
                key.clone(),
                ValidationCode::UnknownField,
                format!("unknown field `{key}` of `{}`; expected one of: {expected}", self.insert_name),
            );
        }
        self.errors.sort_by_columns(self.meta);
        self.errors
    }

    /// The errors found so far, for the hooks to add theirs.
    pub fn errors(&mut self) -> &mut ValidationErrors {
        &mut self.errors
    }

    /// Deserializes a present value, then checks it against its column.
    fn read<'de, V>(&mut self, column: &ColumnMeta, value: Value) -> Option<V>
    where
        V: 'static,
        JsonField<V>: Deserialize<'de>,
    {
        if value.is_null() && !column.nullable {
            self.required(column, "cannot be null");
            return None;
        }
        let invalid_label = enum_labels(column).and_then(|labels| unknown_label(&value, labels));
        match JsonField::<V>::deserialize(value) {
            Ok(JsonField(value)) => {
                check_column(&mut self.errors, column, &value);
                Some(value)
            }
            Err(err) => {
                let (code, message) = match invalid_label {
                    Some((label, labels)) => (
                        ValidationCode::InvalidLabel,
                        format!("`{}` cannot be `{label}`; expected one of: {labels}", column.field),
                    ),
                    None => (ValidationCode::InvalidType, format!("`{}`: {err}", column.field)),
                };
                self.errors.add_column(column.field, column.name, code, message);
                None
            }
        }
    }

    fn required(&mut self, column: &ColumnMeta, what: &str) {
        let hint = if column.default.is_some() { "; leave it out to use the column default" } else { "" };
        self.errors.add_column(
            column.field,
            column.name,
            ValidationCode::Required,
            format!("`{}` {what}: the column is NOT NULL{hint}", column.field),
        );
    }
}

/// The labels of an enum column, or of an enum array column's elements.
fn enum_labels(column: &ColumnMeta) -> Option<&'static [&'static str]> {
    match column.sql_type.element() {
        SqlType::Enum(meta) => Some(meta.labels),
        _ => None,
    }
}

/// The first text in `value` (a string, or an array's strings) that is not one
/// of `labels`, with the labels listed for the message.
fn unknown_label(value: &Value, labels: &[&str]) -> Option<(String, String)> {
    let texts: Vec<&str> = match value {
        Value::String(text) => vec![text],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let label = texts.into_iter().find(|text| !labels.contains(text))?;
    let listed = labels.iter().map(|label| format!("`{label}`")).collect::<Vec<_>>().join(", ");
    Some((label.to_owned(), listed))
}

/// "a number", "an array", ..: what a JSON value is, for messages.
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
