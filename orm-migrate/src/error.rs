//! `SchemaError`: what [`check_schema`](crate::check_schema) finds wrong in a schema.

use std::fmt;

/// A problem in a schema that would make its DDL fail or differ from what the
/// metadata says: where it is and what is wrong.
///
/// ```text
/// column "users"."age": default "old" is not valid for integer: expected an integer from -2147483648 to 2147483647
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {problem}")]
#[non_exhaustive]
pub struct SchemaError {
    /// The object the problem is in.
    pub location: SchemaLocation,
    /// What is wrong with it.
    pub problem: SchemaProblem,
}

impl SchemaError {
    pub(crate) fn new(location: SchemaLocation, problem: SchemaProblem) -> Self {
        SchemaError { location, problem }
    }
}

/// The object a [`SchemaError`] is about. Names are the database names.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SchemaLocation {
    /// A table.
    Table {
        /// The table name.
        table: String,
    },
    /// A column of a table.
    Column {
        /// The table name.
        table: String,
        /// The column name.
        column: String,
    },
    /// A constraint created with a table (primary key, unique, check, foreign key).
    Constraint {
        /// The table name.
        table: String,
        /// The constraint name.
        constraint: String,
    },
    /// An index of a table.
    Index {
        /// The table name.
        table: String,
        /// The index name (its own, or the generated one).
        index: String,
    },
    /// An enum type.
    Enum {
        /// The type name.
        name: String,
    },
    /// One label of an enum type.
    EnumLabel {
        /// The type name.
        name: String,
        /// The label.
        label: String,
    },
}

impl fmt::Display for SchemaLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SchemaLocation::Table { table } => write!(f, "table {table:?}"),
            SchemaLocation::Column { table, column } => write!(f, "column {table:?}.{column:?}"),
            SchemaLocation::Constraint { table, constraint } => {
                write!(f, "constraint {constraint:?} of table {table:?}")
            }
            SchemaLocation::Index { table, index } => {
                write!(f, "index {index:?} on table {table:?}")
            }
            SchemaLocation::Enum { name } => write!(f, "enum type {name:?}"),
            SchemaLocation::EnumLabel { name, label } => {
                write!(f, "label {label:?} of enum type {name:?}")
            }
        }
    }
}

/// What is wrong, in a [`SchemaError`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SchemaProblem {
    /// The name is the empty string.
    #[error("the name is empty")]
    EmptyName,
    /// The name is longer than PostgreSQL keeps (63 bytes): it would be cut short.
    #[error("the name is {bytes} bytes long; PostgreSQL keeps at most 63 bytes of a name")]
    NameTooLong {
        /// The length of the name in bytes.
        bytes: usize,
    },
    /// The name contains a NUL character, which no PostgreSQL text can hold.
    #[error("the name contains a NUL character")]
    NameContainsNul,
    /// Another table has the same name.
    #[error("two tables have this name")]
    DuplicateTable,
    /// The table has another column with the same name.
    #[error("the table has two columns with this name")]
    DuplicateColumn,
    /// The enum type lists this label twice.
    #[error("the label is listed twice")]
    DuplicateEnumLabel,
    /// Another object would get the same name (tables, indexes, enum types and
    /// constraints share names; generated names are shortened to 63 bytes).
    #[error("its name {name:?} is already taken by {other}")]
    NameClash {
        /// The name both would have.
        name: String,
        /// The object that has the name first.
        other: SchemaLocation,
    },
    /// A literal default that its column type cannot take.
    #[error("default {literal:?} is not valid for {sql_type}: expected {expected}")]
    BadDefault {
        /// The literal, as written in the schema.
        literal: String,
        /// The column type, as DDL spells it.
        sql_type: String,
        /// What the type takes.
        expected: String,
    },
    /// An identity column that also declares a default (identity columns take none;
    /// `create_sql` leaves the default out).
    #[error("an identity column cannot also have a default")]
    IdentityWithDefault,
    /// A nullable column in the primary key (PostgreSQL would make it `NOT NULL`).
    #[error("the column is part of the primary key but nullable")]
    NullablePrimaryKey,
    /// The primary key lists a column the table does not have.
    #[error("the primary key lists column {column:?}, which the table does not have")]
    UnknownPrimaryKeyColumn {
        /// The missing column.
        column: String,
    },
    /// The primary key lists a column twice, which PostgreSQL refuses.
    #[error("the primary key lists column {column:?} twice")]
    DuplicatePrimaryKeyColumn {
        /// The repeated column.
        column: String,
    },
    /// The index lists no column.
    #[error("the index lists no columns")]
    EmptyIndex,
    /// The index lists a column the table does not have.
    #[error("the index lists column {column:?}, which the table does not have")]
    UnknownIndexColumn {
        /// The missing column.
        column: String,
    },
    /// The index lists a column twice.
    #[error("the index lists column {column:?} twice")]
    DuplicateIndexColumn {
        /// The repeated column.
        column: String,
    },
    /// The index method is not a bare lowercase keyword.
    #[error("index method {method:?} is not a bare keyword such as `gin` (only [a-z_]+ is accepted)")]
    BadIndexMethod {
        /// The method, as written in the schema.
        method: String,
    },
    /// A foreign key to a table that is not in the schema.
    #[error("the foreign key references table {table:?}, which is not in the schema")]
    UnknownReferencedTable {
        /// The referenced table.
        table: String,
    },
    /// A foreign key to a column its table does not have.
    #[error("the foreign key references column {table:?}.{column:?}, which does not exist")]
    UnknownReferencedColumn {
        /// The referenced table.
        table: String,
        /// The missing column.
        column: String,
    },
    /// A foreign key to a column that nothing makes unique, which PostgreSQL refuses.
    #[error(
        "the foreign key references column {table:?}.{column:?}, which is not unique: make it the primary key, `unique`, or give it a unique index"
    )]
    ReferencedColumnNotUnique {
        /// The referenced table.
        table: String,
        /// The referenced column.
        column: String,
    },
}
