//! A field whose type is not a column type is reported at the field's type.

use orm::prelude::*;

#[derive(Table)]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
    pub email: String,
    pub settings: std::collections::HashMap<String, String>,
}

fn main() {}
