//! PostgreSQL keeps 63 bytes of a name: a 64-byte table name is refused at the name.

use orm::prelude::*;

#[derive(Table)]
#[table(name = "a_table_name_that_goes_on_and_on_well_past_what_postgres_keeps__")]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
}

fn main() {}
