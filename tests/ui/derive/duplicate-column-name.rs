//! Two fields cannot map to one column: `email` and `mail` both named `"email"`.

use orm::prelude::*;

#[derive(Table)]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
    pub email: String,
    #[column(name = "email")]
    pub mail: String,
}

fn main() {}
