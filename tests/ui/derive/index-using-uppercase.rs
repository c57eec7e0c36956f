//! `using` takes a lowercase index method such as `gin`: `GIN` is refused.

use orm::prelude::*;

#[derive(Table)]
#[index(columns(tags), using = GIN)]
pub struct Post {
    #[column(primary_key, identity)]
    pub id: i64,
    pub tags: Vec<String>,
}

fn main() {}
