//! Reliability and security scenarios against a real PostgreSQL (DATABASE_URL, default
//! postgres://postgres@127.0.0.1:5432/postgres). RELIABILITY.md lists each by number.
//!
//! Long scenarios run scaled down by default (CI); `ORM_RELIABILITY_FULL=1` runs them
//! at full size.

// Test schemas are `pub` as an application's would be; nothing outside this crate uses them.
#![allow(unreachable_pub)]

mod support;

mod cancellation;
mod identifiers;
mod idle_timeout;
mod like_patterns;
mod migration_faults;
mod parameter_limit;
mod pool_exhaustion;
#[path = "../support/private_server.rs"]
mod private_server;
mod renderer_fuzz;
mod server_restart;
mod session_state;
mod soak;
mod stale_statements;
mod values;
