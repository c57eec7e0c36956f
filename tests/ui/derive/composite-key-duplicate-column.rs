//! A composite primary key lists each field once: `post_id` twice is refused at the second.

use orm::prelude::*;

#[derive(Table)]
#[table(primary_key(post_id, post_id))]
pub struct PostTag {
    pub post_id: i64,
    pub tag_id: i64,
}

fn main() {}
