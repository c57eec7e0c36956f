//! `default = sql("..")` needs an SQL expression: an empty one is refused.

use orm::prelude::*;

#[derive(Table)]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(default = sql(""))]
    pub created_at: DateTime<Utc>,
}

fn main() {}
