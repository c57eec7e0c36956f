//! `User::insert` takes a `NewUser`; the insert struct of another table does not fit.

use orm::prelude::*;

#[path = "../common/blog.rs"]
mod blog;
use blog::*;

fn main() {
    let _ = User::insert(NewPost {
        author_id: 1,
        title: "hello".into(),
    });
}
