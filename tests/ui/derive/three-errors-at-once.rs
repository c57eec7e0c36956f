//! Errors are collected, not stopped at the first: three bad attributes, three errors in one build.

use orm::prelude::*;

#[derive(Table)]
pub struct User {
    #[column(primery_key)]
    pub id: i64,
    #[column(varchar(0))]
    pub name: String,
    #[column(default = "many")]
    pub visits: i64,
}

fn main() {}
