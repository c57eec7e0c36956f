//! `version` counts updates: an `i32` or `i64`, not text.

use orm::prelude::*;

#[derive(Table)]
pub struct Doc {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(version)]
    pub version: String,
}

fn main() {}
