//! An audit column has its own default (now(), or 1 for a version): no `default` beside it.

use orm::prelude::*;

#[derive(Table)]
pub struct Doc {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(created_at, default = sql("now()"))]
    pub created_at: DateTime<Utc>,
}

fn main() {}
