//! The same workloads through `orm`, on one held connection (W1 and W2 on any executor:
//! W13 runs them on a pool through PgBouncer).

use orm::prelude::*;
use orm::{Connection, Result};

use crate::schema::{Comment, NewNote, NewPost, Note, Post, User, Wide};

pub async fn w1_point(db: &impl Executor, id: i32) -> Result<User> {
    User::select().filter(User::ID.eq(id)).one(db).await
}

/// W1 through a prepared query: the SQL text written once, for every run.
pub struct PreparedPoint(orm::Prepared<orm::query::Select<User>, Param<i32>>);

impl PreparedPoint {
    pub fn new() -> Self {
        PreparedPoint(orm::prepare(|id: Param<i32>| User::select().filter(User::ID.eq(id))))
    }

    pub async fn run(&self, db: &Connection, id: i32) -> Result<User> {
        self.0.one(db, id).await
    }
}

pub async fn w2_users(db: &impl Executor, n: i64) -> Result<Vec<User>> {
    User::select().order_by(User::ID).limit(n as u64).all(db).await
}

pub async fn w3_wide(db: &Connection, n: i64) -> Result<Vec<Wide>> {
    Wide::select().order_by(Wide::ID).limit(n as u64).all(db).await
}

pub async fn w4_join(db: &Connection, upto: i32) -> Result<Vec<(User, Option<Post>)>> {
    User::select()
        .left_join::<Post>(Post::USER_ID.eq(User::ID))
        .filter(User::ID.le(upto))
        .order_by((User::ID, Post::ID))
        .all(db)
        .await
}

#[allow(clippy::type_complexity)]
pub async fn w5_nested(db: &Connection, upto: i32) -> Result<Vec<(User, Vec<(Post, Vec<Comment>)>)>> {
    User::select()
        .filter(User::ID.le(upto))
        .order_by(User::ID)
        .with(User::posts().order_by(Post::ID).with(Post::comments().order_by(Comment::ID)))
        .all(db)
        .await
}

pub async fn w6_insert(db: &Connection, note: NewNote) -> Result<i64> {
    Ok(Note::insert(note).returning().one(db).await?.id)
}

pub async fn w7_insert_many(db: &Connection, notes: Vec<NewNote>) -> Result<u64> {
    Note::insert_many(notes).execute(db).await
}

pub async fn w8_copy(db: &Connection, notes: Vec<NewNote>) -> Result<u64> {
    Note::copy_in(notes).execute(db).await
}

pub async fn w9_update(db: &Connection, id: i32) -> Result<u64> {
    User::update().set(User::NAME, "Renamed").filter(User::ID.eq(id)).execute(db).await
}

pub async fn w9_delete(db: &Connection, id: i64) -> Result<u64> {
    Note::delete().filter(Note::ID.eq(id)).execute(db).await
}

pub async fn w10_transaction(db: &Connection, id: i32) -> Result<u64> {
    db.transaction(async |tx| {
        let found = User::select().filter(User::ID.eq(id)).one(tx).await?;
        User::update().set(User::NAME, "In a transaction").filter(User::ID.eq(found.id)).execute(tx).await?;
        Post::insert(NewPost { user_id: found.id, title: "Written in a transaction".into(), body: None })
            .execute(tx)
            .await
    })
    .await
}

/// W12: building and rendering a three-condition select, no database.
pub fn w12_render(name: &str, above: i32) -> String {
    User::select()
        .filter(User::NAME.eq(name))
        .filter(User::ID.gt(above).and(User::HAIR_COLOR.is_not_null()))
        .order_by(User::ID.desc())
        .limit(20)
        .to_sql()
}
