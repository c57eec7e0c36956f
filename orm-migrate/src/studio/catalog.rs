//! What the studio knows of the database: the schema's tables, looked up by the name a
//! request gives, and the relations their foreign keys imply.

use orm_core::Schema;
use orm_core::render::SqlWriter;
use orm_core::schema::{ColumnMeta, SqlType, TableMeta};

/// A table of the schema by its SQL name; `None` for anything else (a request can only
/// name tables the schema declares).
pub(crate) fn table(schema: &Schema, name: &str) -> Option<&'static TableMeta> {
    schema.table(name)
}

/// A column of `table` by its SQL name.
pub(crate) fn column(table: &TableMeta, name: &str) -> Option<&'static ColumnMeta> {
    table.column(name)
}

/// The primary key's columns, in key order.
pub(crate) fn key_columns(table: &TableMeta) -> Vec<&'static ColumnMeta> {
    table.primary_key.iter().filter_map(|name| table.column(name)).collect()
}

/// A foreign key from a child table's column to `parent`: "posts via author_id".
#[derive(Clone, Copy)]
pub(crate) struct Child {
    pub(crate) table: &'static TableMeta,
    pub(crate) column: &'static ColumnMeta,
    /// The parent's column the foreign key points at.
    pub(crate) parent_column: &'static str,
}

/// Every foreign key of the schema that points at `parent` (its has-many / has-one side).
pub(crate) fn children(schema: &Schema, parent: &TableMeta) -> Vec<Child> {
    let mut out = Vec::new();
    for table in schema.tables() {
        for column in table.columns {
            if let Some(fk) = column.references.filter(|fk| fk.table == parent.name) {
                out.push(Child { table, column, parent_column: fk.column });
            }
        }
    }
    out
}

/// Writes the column's type for a cast (`integer`, `"user_role"`, `"user_role"[]`):
/// enum type names are identifiers and are quoted. A length or precision is left out
/// (`varchar`, `numeric`): an explicit cast to `varchar(n)` cuts a longer value short
/// and one to `numeric(p, s)` rounds it, so a filter or a key would match another
/// value; stored, the value meets the column's own check instead.
pub(crate) fn push_type(w: &mut SqlWriter<'_>, sql_type: &SqlType) {
    match sql_type {
        SqlType::Enum(meta) => w.push_ident(meta.name),
        SqlType::Varchar(_) => w.push_sql("varchar"),
        SqlType::Numeric(_) => w.push_sql("numeric"),
        SqlType::Array(inner) => {
            push_type(w, inner);
            w.push_sql("[]");
        }
        other => w.push_sql(&other.to_string()),
    }
}

/// Writes a text parameter cast to the column's type: `($1::text)::integer`.
pub(crate) fn push_typed_param<'a>(w: &mut SqlWriter<'a>, column: &ColumnMeta, value: &'a String) {
    w.push_sql("(");
    w.push_bind(value);
    w.push_sql("::text)::");
    push_type(w, &column.sql_type);
}

/// How the page shows and filters a column.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    Text,
    Number,
    Boolean,
    Date,
    DateTime,
    Time,
    Choice,
    Other,
}

/// The kind of a column's type.
pub(crate) fn kind(sql_type: &SqlType) -> Kind {
    match sql_type {
        SqlType::Text | SqlType::Varchar(_) | SqlType::Uuid => Kind::Text,
        SqlType::SmallInt
        | SqlType::Integer
        | SqlType::BigInt
        | SqlType::Real
        | SqlType::Double
        | SqlType::Numeric(_) => Kind::Number,
        SqlType::Boolean => Kind::Boolean,
        SqlType::Date => Kind::Date,
        SqlType::Timestamp | SqlType::Timestamptz => Kind::DateTime,
        SqlType::Time => Kind::Time,
        SqlType::Enum(_) => Kind::Choice,
        _ => Kind::Other,
    }
}
