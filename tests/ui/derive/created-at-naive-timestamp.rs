//! `created_at` needs a `DateTime<Utc>` (timestamptz): now() in a `timestamp` column
//! would depend on the session's time zone.

use orm::prelude::*;

#[derive(Table)]
pub struct Doc {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(created_at)]
    pub created_at: NaiveDateTime,
}

fn main() {}
