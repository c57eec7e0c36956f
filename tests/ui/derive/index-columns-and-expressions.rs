//! An index lists either columns or expressions, not both.

use orm::prelude::*;

#[derive(Table)]
#[index(columns(email), expressions("lower(email)"), name = "users_email_idx", where = "")]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
    pub email: String,
}

fn main() {}
