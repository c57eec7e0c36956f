//! A nested load has the type its relations say: users with posts with comments are not users with comments.

use orm::prelude::*;

#[path = "../common/blog.rs"]
mod blog;
use blog::*;

async fn load(db: &Db) {
    let _: Vec<(User, Vec<Comment>)> =
        User::select().with(User::posts().with(Post::comments())).all(db).await.unwrap();
}

fn main() {}
