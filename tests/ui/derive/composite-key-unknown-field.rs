//! A composite primary key can only name fields of the struct: `tag` is not one.

use orm::prelude::*;

#[derive(Table)]
#[table(primary_key(post_id, tag))]
pub struct PostTag {
    pub post_id: i64,
    pub tag_id: i64,
}

fn main() {}
