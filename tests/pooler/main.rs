//! Through a real PgBouncer in transaction mode, which each test starts in front of the
//! server at DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres): the
//! core of the integration suite with `PoolerMode::Transaction`, the typed error
//! without it, and the refusals of what needs one server session.
//!
//! Needs PgBouncer (`apt-get install pgbouncer`).

// Test schemas are `pub` as an application's would be; nothing outside this crate uses them.
#![allow(unreachable_pub)]

// Shared with the benchmark suite (W13), which uses more of it than these tests do.
#[allow(dead_code)]
#[path = "../support/pgbouncer.rs"]
mod pgbouncer;
mod schema;
mod support;

mod abandoned;
mod batches;
mod concurrency;
mod crud;
mod new_types;
mod refusals;
mod round_trips;
mod transactions;
mod without_the_mode;
