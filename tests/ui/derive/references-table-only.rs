//! `references(..)` names a column constant, `Table::COLUMN`: a bare table is refused.

use orm::prelude::*;

#[derive(Table)]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
}

#[derive(Table)]
pub struct Post {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(references(User))]
    pub author_id: i64,
}

fn main() {}
