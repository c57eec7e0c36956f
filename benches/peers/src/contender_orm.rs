//! `orm` itself (this repository's root crate) over ONE held `orm::Connection`, checked out
//! once of a one-connection `Db` pool and kept for the whole run. Written as an `orm` user
//! writes it, mirroring `benches/workloads/ours.rs`: derived tables, typed query chains,
//! `.with(..)` eager loading (one `= ANY($1)` statement per level) and
//! `conn.transaction(async |tx| ..)`. orm caches every statement it prepares on the
//! connection (`prepare_cached`), so after the warm-up no Parse is sent.

use orm::prelude::*;
use orm::Connection;

use crate::contender_raw::{W10_NEW_NAME, W10_POST_TITLE, W9_NEW_NAME};
use crate::{Nested, W10_ID, W1_ID, W5_MAX_USER, W9_UPDATE_ID};

/// The tables of `benches/workloads/schema.rs`, matching the columns `setup::SCHEMA` creates
/// with plain SQL (`id integer GENERATED ALWAYS AS IDENTITY`, `text`, nullable `text`).
pub mod schema {
    use orm::prelude::*;

    #[derive(Table, Debug, Clone, PartialEq)]
    #[table(name = "users")]
    #[has_many(posts: Post, fk = Post::USER_ID)]
    pub struct User {
        #[column(primary_key, identity)]
        pub id: i32,
        pub name: String,
        pub hair_color: Option<String>,
    }

    #[derive(Table, Debug, Clone, PartialEq)]
    #[table(name = "posts")]
    #[has_many(comments: Comment, fk = Comment::POST_ID)]
    pub struct Post {
        #[column(primary_key, identity)]
        pub id: i32,
        #[column(references(User::ID), index)]
        pub user_id: i32,
        pub title: String,
        pub body: Option<String>,
    }

    #[derive(Table, Debug, Clone, PartialEq)]
    #[table(name = "comments")]
    pub struct Comment {
        #[column(primary_key, identity)]
        pub id: i32,
        #[column(references(Post::ID), index)]
        pub post_id: i32,
        pub text: String,
    }
}

use schema::{Comment, NewPost, Post, User};

impl From<User> for crate::User {
    fn from(u: User) -> Self {
        crate::User { id: u.id, name: u.name, hair_color: u.hair_color }
    }
}
impl From<Post> for crate::Post {
    fn from(p: Post) -> Self {
        crate::Post { id: p.id, user_id: p.user_id, title: p.title, body: p.body }
    }
}
impl From<Comment> for crate::Comment {
    fn from(c: Comment) -> Self {
        crate::Comment { id: c.id, post_id: c.post_id, text: c.text }
    }
}

pub struct Orm {
    conn: Connection,
    /// The pool the connection came from (one connection), kept for the whole run.
    _db: Db,
}

impl Orm {
    pub async fn connect(url: &str) -> Orm {
        let db = Db::builder(url).max_size(1).connect().await.expect("orm connect");
        let conn = db.connection().await.expect("orm connection");
        Orm { conn, _db: db }
    }

    /// `.one()`: `WHERE id = $1` without a `LIMIT` (as raw and sqlx); the row exists.
    pub async fn w1(&mut self) -> Option<User> {
        Some(User::select().filter(User::ID.eq(W1_ID)).one(&self.conn).await.expect("w1"))
    }

    pub async fn w2(&mut self, n: i64) -> Vec<User> {
        User::select().order_by(User::ID).limit(n as u64).all(&self.conn).await.expect("w2")
    }

    pub async fn w4(&mut self, m: i32) -> Vec<(User, Option<Post>)> {
        User::select()
            .left_join::<Post>(Post::USER_ID.eq(User::ID))
            .filter(User::ID.le(m))
            .order_by((User::ID, Post::ID))
            .all(&self.conn)
            .await
            .expect("w4")
    }

    /// Three statements (users, then posts and comments with `= ANY($1)`), grouped by orm.
    pub async fn w5(&mut self) -> Nested<User, Post, Comment> {
        User::select()
            .filter(User::ID.le(W5_MAX_USER))
            .order_by(User::ID)
            .with(User::posts().order_by(Post::ID).with(Post::comments().order_by(Comment::ID)))
            .all(&self.conn)
            .await
            .expect("w5")
    }

    pub async fn w9_update(&mut self) -> u64 {
        User::update()
            .set(User::NAME, W9_NEW_NAME)
            .filter(User::ID.eq(W9_UPDATE_ID))
            .execute(&self.conn)
            .await
            .expect("w9 update")
    }

    pub async fn w9_delete(&mut self, id: i32) -> u64 {
        User::delete().filter(User::ID.eq(id)).execute(&self.conn).await.expect("w9 delete")
    }

    /// BEGIN, select, update, `INSERT .. RETURNING id`, COMMIT (committed when the closure
    /// returns `Ok`).
    pub async fn w10(&mut self) -> (String, i32) {
        self.conn
            .transaction(async |tx| {
                let u = User::select().filter(User::ID.eq(W10_ID)).one(tx).await?;
                User::update().set(User::NAME, W10_NEW_NAME).filter(User::ID.eq(u.id)).execute(tx).await?;
                let post_id =
                    Post::insert(NewPost { user_id: u.id, title: W10_POST_TITLE.into(), body: None })
                        .returning()
                        .columns(Post::ID)
                        .one(tx)
                        .await?;
                Ok::<_, orm::Error>((u.name, post_id))
            })
            .await
            .expect("w10")
    }
}

crate::impl_contender!(Orm, "orm");
