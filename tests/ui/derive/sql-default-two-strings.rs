//! `sql(..)` takes one string: `sql("now()", "utc")` is refused.

use orm::prelude::*;

#[derive(Table)]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(default = sql("now()", "utc"))]
    pub created_at: DateTime<Utc>,
}

fn main() {}
