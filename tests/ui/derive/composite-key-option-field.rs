//! A composite primary key column is NOT NULL, so it cannot be an `Option` field.

use orm::prelude::*;

#[derive(Table)]
#[table(primary_key(post_id, tag_id))]
pub struct PostTag {
    pub post_id: i64,
    pub tag_id: Option<i64>,
}

fn main() {}
