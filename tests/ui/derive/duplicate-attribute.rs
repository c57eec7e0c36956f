//! The same `#[column(..)]` key given twice is reported at the second one.

use orm::prelude::*;

#[derive(Table)]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(unique, unique)]
    pub email: String,
}

fn main() {}
