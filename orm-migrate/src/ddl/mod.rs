//! DDL rendering: schema metadata → `CREATE TYPE` / `CREATE TABLE` / `CREATE INDEX` text.

mod create;
mod literal;
mod names;
#[cfg(test)]
mod postgres_tests;
mod snapshot_sql;
mod uniqueness;

pub use create::create_sql;
pub(crate) use create::is_index_method;
pub(crate) use literal::{literal_form, push_default_literal, string_literal};
pub(crate) use names::{
    MAX_IDENTIFIER_BYTES, check_name, foreign_key_name, index_name, primary_key_name, unique_name,
    unnamed_index_name,
};
pub(crate) use snapshot_sql::{
    push_check_def, push_column_def, push_create_enum, push_create_index, push_foreign_key_def, push_key_def,
    push_type_name,
};
pub(crate) use uniqueness::{Uniqueness, uniqueness};
