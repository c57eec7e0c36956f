//! sqlx 0.8 over a single `PgConnection` (its per-connection statement cache is on by default:
//! `query`/`query_as` are persistent, i.e. prepared once and cached).

use sqlx::postgres::{PgConnectOptions, PgConnection, PgSslMode};
use sqlx::{Connection, Row};

use crate::contender_raw::{W10_NEW_NAME, W10_POST_TITLE, W9_NEW_NAME};
use crate::{Comment, Nested, Post, User, W10_ID, W1_ID, W5_MAX_USER, W9_UPDATE_ID};

pub struct Sqlx {
    conn: PgConnection,
}

type JoinRow = (i32, String, Option<String>, Option<i32>, Option<i32>, Option<String>, Option<String>);

impl Sqlx {
    pub async fn connect(port: u16) -> Sqlx {
        let opts = PgConnectOptions::new()
            .host(&crate::pg_host())
            .port(port)
            .username(&crate::pg_user())
            .database(crate::DB_NAME)
            .ssl_mode(PgSslMode::Disable);
        let conn = PgConnection::connect_with(&opts).await.expect("sqlx connect");
        Sqlx { conn }
    }

    pub async fn w1(&mut self) -> Option<User> {
        sqlx::query_as::<_, User>("SELECT id, name, hair_color FROM users WHERE id = $1")
            .bind(W1_ID)
            .fetch_optional(&mut self.conn)
            .await
            .expect("w1")
    }

    pub async fn w2(&mut self, n: i64) -> Vec<User> {
        sqlx::query_as::<_, User>("SELECT id, name, hair_color FROM users ORDER BY id LIMIT $1")
            .bind(n)
            .fetch_all(&mut self.conn)
            .await
            .expect("w2")
    }

    /// Decoded as a tuple row (by index), then split into (User, Option<Post>).
    pub async fn w4(&mut self, m: i32) -> Vec<(User, Option<Post>)> {
        let rows: Vec<JoinRow> = sqlx::query_as(
            "SELECT users.id, users.name, users.hair_color, posts.id, posts.user_id, posts.title, posts.body \
             FROM users LEFT JOIN posts ON posts.user_id = users.id WHERE users.id <= $1 \
             ORDER BY users.id, posts.id",
        )
        .bind(m)
        .fetch_all(&mut self.conn)
        .await
        .expect("w4");
        rows.into_iter()
            .map(|(id, name, hair_color, pid, user_id, title, body)| {
                let p = match (pid, user_id, title) {
                    (Some(id), Some(user_id), Some(title)) => Some(Post { id, user_id, title, body }),
                    _ => None,
                };
                (User { id, name, hair_color }, p)
            })
            .collect()
    }

    /// Three round trips with `= ANY($1)`, grouped by hand (same grouping code as raw).
    pub async fn w5(&mut self) -> Nested<User, Post, Comment> {
        let users =
            sqlx::query_as::<_, User>("SELECT id, name, hair_color FROM users WHERE id <= $1 ORDER BY id")
                .bind(W5_MAX_USER)
                .fetch_all(&mut self.conn)
                .await
                .expect("w5 users");
        let user_ids: Vec<i32> = users.iter().map(|u| u.id).collect();
        let posts = sqlx::query_as::<_, Post>(
            "SELECT id, user_id, title, body FROM posts WHERE user_id = ANY($1) ORDER BY id",
        )
        .bind(&user_ids)
        .fetch_all(&mut self.conn)
        .await
        .expect("w5 posts");
        let post_ids: Vec<i32> = posts.iter().map(|p| p.id).collect();
        let comments = sqlx::query_as::<_, Comment>(
            "SELECT id, post_id, text FROM comments WHERE post_id = ANY($1) ORDER BY id",
        )
        .bind(&post_ids)
        .fetch_all(&mut self.conn)
        .await
        .expect("w5 comments");
        crate::assemble(users, posts, comments)
    }

    pub async fn w9_update(&mut self) -> u64 {
        sqlx::query("UPDATE users SET name = $1 WHERE id = $2")
            .bind(W9_NEW_NAME)
            .bind(W9_UPDATE_ID)
            .execute(&mut self.conn)
            .await
            .expect("w9 update")
            .rows_affected()
    }

    pub async fn w9_delete(&mut self, id: i32) -> u64 {
        sqlx::query("DELETE FROM users WHERE id = $1")
            .bind(id)
            .execute(&mut self.conn)
            .await
            .expect("w9 delete")
            .rows_affected()
    }

    pub async fn w10(&mut self) -> (String, i32) {
        let mut tx = self.conn.begin().await.expect("begin");
        let u = sqlx::query_as::<_, User>("SELECT id, name, hair_color FROM users WHERE id = $1")
            .bind(W10_ID)
            .fetch_one(&mut *tx)
            .await
            .expect("w10 select");
        sqlx::query("UPDATE users SET name = $1 WHERE id = $2")
            .bind(W10_NEW_NAME)
            .bind(u.id)
            .execute(&mut *tx)
            .await
            .expect("w10 update");
        let row = sqlx::query("INSERT INTO posts (user_id, title, body) VALUES ($1, $2, $3) RETURNING id")
            .bind(u.id)
            .bind(W10_POST_TITLE)
            .bind(None::<String>)
            .fetch_one(&mut *tx)
            .await
            .expect("w10 insert");
        let post_id: i32 = row.get(0);
        tx.commit().await.expect("commit");
        (u.name, post_id)
    }
}

crate::impl_contender!(Sqlx, "sqlx");
