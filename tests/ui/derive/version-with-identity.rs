//! A version column is kept by the update builders, not generated as an identity.

use orm::prelude::*;

#[derive(Table)]
pub struct Doc {
    #[column(primary_key)]
    pub id: Uuid,
    #[column(version, identity)]
    pub version: i64,
}

fn main() {}
