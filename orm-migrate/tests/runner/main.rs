//! The migration runner against a real PostgreSQL (DATABASE_URL, default
//! postgres://postgres@127.0.0.1:5432/postgres). Each test gets a database of its own
//! and a scratch migrations directory of its own.

mod support;

mod apply;
mod concurrency;
mod embed;
mod refuse;
mod source;
