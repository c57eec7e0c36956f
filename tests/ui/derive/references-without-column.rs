//! `references(..)` needs the referenced column: only an action is refused.

use orm::prelude::*;

#[derive(Table)]
pub struct Post {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(references(on_delete = cascade))]
    pub author_id: i64,
}

fn main() {}
