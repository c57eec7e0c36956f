//! An expression index needs a name: PostgreSQL's own name for it could not be predicted.

use orm::prelude::*;

#[derive(Table)]
#[index(expressions("lower(email)"))]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
    pub email: String,
}

fn main() {}
