//! `delete()` stores now() in the `soft_delete` field: text will not do.

use orm::prelude::*;

#[derive(Table)]
#[table(name = "notes", soft_delete = deleted_at)]
pub struct Note {
    #[column(primary_key, identity)]
    pub id: i64,
    pub deleted_at: Option<String>,
}

fn main() {}
