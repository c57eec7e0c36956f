//! PostgreSQL has no `max` for uuid: `max(User::ID)` on a uuid column does not compile.

use orm::prelude::*;

#[derive(Table)]
#[table(name = "accounts")]
pub struct Account {
    #[column(primary_key)]
    pub id: Uuid,
    pub opened: bool,
}

fn main() {
    let _ = Account::select().columns(max(Account::ID));
}
