//! orm-migrate against a real PostgreSQL: generate, migrate, check and push
//! through the CLI, over a sequence of schema versions.

#![allow(unreachable_pub)]

mod cli;
mod diff_cases;
mod push;
mod schema_changes;
mod sequence;
mod support;
mod versions;
