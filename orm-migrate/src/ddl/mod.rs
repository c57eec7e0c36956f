//! DDL rendering: schema metadata → `CREATE TYPE` / `CREATE TABLE` / `CREATE INDEX` text.

mod create;
mod literal;
mod names;
mod order;
#[cfg(test)]
mod postgres_tests;

pub use create::create_sql;
pub(crate) use create::is_index_method;
pub(crate) use literal::{literal_form, push_default_literal, string_literal};
pub(crate) use names::{
    MAX_IDENTIFIER_BYTES, check_name, foreign_key_name, index_name, primary_key_name, unique_name,
    unnamed_index_name,
};
pub(crate) use order::{Uniqueness, uniqueness};
