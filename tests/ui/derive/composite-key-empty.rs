//! `#[table(primary_key())]` names no field: a primary key needs at least one.

use orm::prelude::*;

#[derive(Table)]
#[table(primary_key())]
pub struct PostTag {
    pub post_id: i64,
    pub tag_id: i64,
}

fn main() {}
