//! A prepared query's parameters are typed: a `Param<i64>` does not stand for a text column,
//! and the values of a run must have the parameters' types.

use orm::prelude::*;

#[path = "../common/blog.rs"]
mod blog;
use blog::*;

async fn run(db: &Db) {
    let _ = orm::prepare(|id: Param<i64>| User::select().filter(User::EMAIL.eq(id)));
    let by_email = orm::prepare(|email: Param<String>| User::select().filter(User::EMAIL.eq(email)));
    let _ = by_email.all(db, 42).await;
}

fn main() {
    let _ = run;
}
