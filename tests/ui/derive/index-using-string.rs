//! `using` takes the index method as a bare word: the string `"gin"` is refused.

use orm::prelude::*;

#[derive(Table)]
#[index(columns(tags), using = "gin")]
pub struct Post {
    #[column(primary_key, identity)]
    pub id: i64,
    pub tags: Vec<String>,
}

fn main() {}
