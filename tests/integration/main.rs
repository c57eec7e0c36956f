//! Integration tests against a real PostgreSQL (DATABASE_URL, default
//! postgres://postgres@127.0.0.1:5432/postgres). Each test gets a database of its own.

// Test schemas are `pub` as an application's would be; nothing outside this crate uses them.
#![allow(unreachable_pub)]

mod schema;

mod advisory_locks;
mod aggregates;
mod audit_columns;
mod axum_service;
mod copy_in;
mod crud;
mod errors;
mod executor;
mod explain;
mod finding_a_database;
mod insert;
mod joins;
mod json_ops;
mod keyset;
mod migrate_example;
mod operators;
mod pipeline;
mod pool_health;
mod pool_lifetimes;
mod prepared;
mod raw_sql;
mod relations;
mod select;
mod sessions;
mod soft_delete;
mod startup_settings;
mod timeouts;
mod tracing_spans;
mod transactions;
mod types;
mod update_delete;
mod validation;
mod values_and_identifiers;
mod values_in_errors;
