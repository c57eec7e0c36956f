//! A composite `#[table(primary_key(..))]` and a `#[column(primary_key)]` cannot both be given.

use orm::prelude::*;

#[derive(Table)]
#[table(primary_key(post_id, tag_id))]
pub struct PostTag {
    #[column(primary_key)]
    pub post_id: i64,
    pub tag_id: i64,
}

fn main() {}
