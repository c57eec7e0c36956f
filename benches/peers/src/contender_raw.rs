//! The baseline: tokio-postgres, every statement prepared once before timing,
//! rows streamed with `query_raw` and columns read by index.

use futures_util::TryStreamExt;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, NoTls, Row, Statement};

use crate::{Comment, Nested, Post, User, W10_ID, W1_ID, W5_MAX_USER, W9_UPDATE_ID};

pub const W9_NEW_NAME: &str = "User 9999 (updated)";
pub const W10_NEW_NAME: &str = "User 9998 (txn)";
pub const W10_POST_TITLE: &str = "Post in a transaction";

const USER_COLS: &str = "id, name, hair_color";

pub struct Raw {
    client: Client,
    w1: Statement,
    w2: Statement,
    w4: Statement,
    w5_users: Statement,
    w5_posts: Statement,
    w5_comments: Statement,
    w9_update: Statement,
    w9_delete: Statement,
    w10_select: Statement,
    w10_update: Statement,
    w10_insert: Statement,
}

fn user(r: &Row) -> User {
    User { id: r.get(0), name: r.get(1), hair_color: r.get(2) }
}
fn post(r: &Row) -> Post {
    Post { id: r.get(0), user_id: r.get(1), title: r.get(2), body: r.get(3) }
}
fn comment(r: &Row) -> Comment {
    Comment { id: r.get(0), post_id: r.get(1), text: r.get(2) }
}

/// Run a prepared statement with `query_raw` and map each row as it arrives.
async fn collect<T>(
    client: &Client,
    st: &Statement,
    params: &[&(dyn ToSql + Sync)],
    f: fn(&Row) -> T,
) -> Vec<T> {
    let stream = client.query_raw(st, params.iter().copied()).await.expect("query_raw");
    futures_util::pin_mut!(stream);
    let mut out = Vec::new();
    while let Some(row) = stream.try_next().await.expect("row") {
        out.push(f(&row));
    }
    out
}

impl Raw {
    pub async fn connect(url: &str) -> Raw {
        let (client, connection) = tokio_postgres::connect(url, NoTls).await.expect("raw connect");
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                eprintln!("raw connection error: {e}");
            }
        });
        let p = |sql: String| {
            let c = &client;
            async move { c.prepare(&sql).await.expect("prepare") }
        };
        let w1 = p(format!("SELECT {USER_COLS} FROM users WHERE id = $1")).await;
        let w2 = p(format!("SELECT {USER_COLS} FROM users ORDER BY id LIMIT $1")).await;
        let w4 = p("SELECT users.id, users.name, users.hair_color, posts.id, posts.user_id, posts.title, posts.body \
                    FROM users LEFT JOIN posts ON posts.user_id = users.id WHERE users.id <= $1 \
                    ORDER BY users.id, posts.id"
            .into())
        .await;
        let w5_users = p(format!("SELECT {USER_COLS} FROM users WHERE id <= $1 ORDER BY id")).await;
        let w5_posts =
            p("SELECT id, user_id, title, body FROM posts WHERE user_id = ANY($1) ORDER BY id".into()).await;
        let w5_comments =
            p("SELECT id, post_id, text FROM comments WHERE post_id = ANY($1) ORDER BY id".into()).await;
        let w9_update = p("UPDATE users SET name = $1 WHERE id = $2".into()).await;
        let w9_delete = p("DELETE FROM users WHERE id = $1".into()).await;
        let w10_select = p(format!("SELECT {USER_COLS} FROM users WHERE id = $1")).await;
        let w10_update = p("UPDATE users SET name = $1 WHERE id = $2".into()).await;
        let w10_insert =
            p("INSERT INTO posts (user_id, title, body) VALUES ($1, $2, $3) RETURNING id".into()).await;
        Raw {
            client,
            w1,
            w2,
            w4,
            w5_users,
            w5_posts,
            w5_comments,
            w9_update,
            w9_delete,
            w10_select,
            w10_update,
            w10_insert,
        }
    }

    pub async fn w1(&mut self) -> Option<User> {
        let row = self.client.query_opt(&self.w1, &[&W1_ID]).await.expect("w1");
        row.as_ref().map(user)
    }

    pub async fn w2(&mut self, n: i64) -> Vec<User> {
        collect(&self.client, &self.w2, &[&n], user).await
    }

    pub async fn w4(&mut self, m: i32) -> Vec<(User, Option<Post>)> {
        collect(&self.client, &self.w4, &[&m], |r| {
            let u = user(r);
            let pid: Option<i32> = r.get(3);
            let p = pid.map(|id| Post { id, user_id: r.get(4), title: r.get(5), body: r.get(6) });
            (u, p)
        })
        .await
    }

    /// Three round trips: users, then posts `= ANY($1)`, then comments `= ANY($1)`; grouped by hand.
    pub async fn w5(&mut self) -> Nested<User, Post, Comment> {
        let users = collect(&self.client, &self.w5_users, &[&W5_MAX_USER], user).await;
        let user_ids: Vec<i32> = users.iter().map(|u| u.id).collect();
        let posts = collect(&self.client, &self.w5_posts, &[&user_ids], post).await;
        let post_ids: Vec<i32> = posts.iter().map(|p| p.id).collect();
        let comments = collect(&self.client, &self.w5_comments, &[&post_ids], comment).await;
        crate::assemble(users, posts, comments)
    }

    pub async fn w9_update(&mut self) -> u64 {
        self.client.execute(&self.w9_update, &[&W9_NEW_NAME, &W9_UPDATE_ID]).await.expect("w9 update")
    }

    pub async fn w9_delete(&mut self, id: i32) -> u64 {
        self.client.execute(&self.w9_delete, &[&id]).await.expect("w9 delete")
    }

    /// Returns (name read inside the transaction, id of the inserted post).
    pub async fn w10(&mut self) -> (String, i32) {
        let tx = self.client.transaction().await.expect("begin");
        let row = tx.query_one(&self.w10_select, &[&W10_ID]).await.expect("w10 select");
        let u = user(&row);
        tx.execute(&self.w10_update, &[&W10_NEW_NAME, &u.id]).await.expect("w10 update");
        let body: Option<&str> = None;
        let row = tx.query_one(&self.w10_insert, &[&u.id, &W10_POST_TITLE, &body]).await.expect("w10 insert");
        let post_id: i32 = row.get(0);
        tx.commit().await.expect("commit");
        (u.name, post_id)
    }
}

crate::impl_contender!(Raw, "raw");
