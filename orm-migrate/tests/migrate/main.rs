//! orm-migrate against a real PostgreSQL: generate, migrate, check and push
//! through the CLI, over a sequence of schema versions.

// Test schemas are `pub` as an application's would be, and declare more than each test reads.
#![allow(unreachable_pub, dead_code)]

mod cli;
mod diff_cases;
mod push;
mod schema_changes;
mod sequence;
mod support;
mod versions;
