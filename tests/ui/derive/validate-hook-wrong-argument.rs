//! A `validate` hook takes a reference to the field's type: a function of another
//! type is reported at the attribute.

use orm::prelude::*;

fn adult(age: &i32) -> Result<(), String> {
    if *age >= 18 { Ok(()) } else { Err("too young".into()) }
}

#[derive(Table)]
pub struct User {
    #[column(primary_key)]
    pub id: i64,
    #[column(validate = adult)]
    pub email: String,
}

fn main() {}
