//! diesel 2 + diesel-async over a single `AsyncPgConnection` (prepared-statement cache on by
//! default for every query here: all have a fixed SQL text with bind parameters).

use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use crate::contender_raw::{W10_NEW_NAME, W10_POST_TITLE, W9_NEW_NAME};
use crate::{Nested, W10_ID, W1_ID, W5_MAX_USER, W9_UPDATE_ID};

pub mod schema {
    diesel::table! {
        users (id) {
            id -> Int4,
            name -> Text,
            hair_color -> Nullable<Text>,
        }
    }
    diesel::table! {
        posts (id) {
            id -> Int4,
            user_id -> Int4,
            title -> Text,
            body -> Nullable<Text>,
        }
    }
    diesel::table! {
        comments (id) {
            id -> Int4,
            post_id -> Int4,
            text -> Text,
        }
    }
    diesel::joinable!(posts -> users (user_id));
    diesel::joinable!(comments -> posts (post_id));
    diesel::allow_tables_to_appear_in_same_query!(users, posts, comments);
}

use schema::{comments, posts, users};

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users, check_for_backend(diesel::pg::Pg))]
pub struct DUser {
    pub id: i32,
    pub name: String,
    pub hair_color: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = posts, belongs_to(DUser, foreign_key = user_id), check_for_backend(diesel::pg::Pg))]
pub struct DPost {
    pub id: i32,
    pub user_id: i32,
    pub title: String,
    pub body: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = comments, belongs_to(DPost, foreign_key = post_id), check_for_backend(diesel::pg::Pg))]
pub struct DComment {
    pub id: i32,
    pub post_id: i32,
    pub text: String,
}

#[derive(Insertable)]
#[diesel(table_name = posts)]
struct NewPost<'a> {
    user_id: i32,
    title: &'a str,
    body: Option<&'a str>,
}

impl From<DUser> for crate::User {
    fn from(u: DUser) -> Self {
        crate::User { id: u.id, name: u.name, hair_color: u.hair_color }
    }
}
impl From<DPost> for crate::Post {
    fn from(p: DPost) -> Self {
        crate::Post { id: p.id, user_id: p.user_id, title: p.title, body: p.body }
    }
}
impl From<DComment> for crate::Comment {
    fn from(c: DComment) -> Self {
        crate::Comment { id: c.id, post_id: c.post_id, text: c.text }
    }
}

pub struct Diesel {
    conn: AsyncPgConnection,
}

impl Diesel {
    pub async fn connect(url: &str) -> Diesel {
        Diesel { conn: AsyncPgConnection::establish(url).await.expect("diesel connect") }
    }

    pub async fn w1(&mut self) -> Option<DUser> {
        users::table
            .find(W1_ID)
            .select(DUser::as_select())
            .first(&mut self.conn)
            .await
            .optional()
            .expect("w1")
    }

    pub async fn w2(&mut self, n: i64) -> Vec<DUser> {
        users::table
            .order_by(users::id)
            .limit(n)
            .select(DUser::as_select())
            .load(&mut self.conn)
            .await
            .expect("w2")
    }

    pub async fn w4(&mut self, m: i32) -> Vec<(DUser, Option<DPost>)> {
        users::table
            .left_join(posts::table)
            .filter(users::id.le(m))
            .order_by((users::id, posts::id))
            .select((DUser::as_select(), Option::<DPost>::as_select()))
            .load(&mut self.conn)
            .await
            .expect("w4")
    }

    /// diesel's associations API: `belonging_to` (`= ANY($1)`) + `grouped_by`; three round trips.
    pub async fn w5(&mut self) -> Nested<DUser, DPost, DComment> {
        let conn = &mut self.conn;
        let users = users::table
            .filter(users::id.le(W5_MAX_USER))
            .order_by(users::id)
            .select(DUser::as_select())
            .load(conn)
            .await
            .expect("w5 users");
        let posts = DPost::belonging_to(&users)
            .order_by(posts::id)
            .select(DPost::as_select())
            .load(conn)
            .await
            .expect("w5 posts");
        let comments = DComment::belonging_to(&posts)
            .order_by(comments::id)
            .select(DComment::as_select())
            .load(conn)
            .await
            .expect("w5 comments");
        let comments = comments.grouped_by(&posts);
        let posts = posts.into_iter().zip(comments).grouped_by(&users);
        users.into_iter().zip(posts).collect()
    }

    pub async fn w9_update(&mut self) -> u64 {
        diesel::update(users::table.find(W9_UPDATE_ID))
            .set(users::name.eq(W9_NEW_NAME))
            .execute(&mut self.conn)
            .await
            .expect("w9 update") as u64
    }

    pub async fn w9_delete(&mut self, id: i32) -> u64 {
        diesel::delete(users::table.find(id)).execute(&mut self.conn).await.expect("w9 delete") as u64
    }

    pub async fn w10(&mut self) -> (String, i32) {
        self.conn
            .transaction::<_, diesel::result::Error, _>(async |conn| {
                let u: DUser = users::table.find(W10_ID).select(DUser::as_select()).first(conn).await?;
                diesel::update(users::table.find(u.id))
                    .set(users::name.eq(W10_NEW_NAME))
                    .execute(conn)
                    .await?;
                let post_id: i32 = diesel::insert_into(posts::table)
                    .values(NewPost { user_id: u.id, title: W10_POST_TITLE, body: None })
                    .returning(posts::id)
                    .get_result(conn)
                    .await?;
                Ok((u.name, post_id))
            })
            .await
            .expect("w10")
    }
}

crate::impl_contender!(Diesel, "diesel-async");
