//! The baseline: tokio-postgres written well. Statements prepared once, `query_raw`
//! streams, columns read by index; UNNEST and COPY BINARY for bulk.

use std::collections::HashMap;
use std::pin::pin;

use futures_util::TryStreamExt;
use serde::Deserialize;
use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::types::{Json, ToSql, Type};
use tokio_postgres::{Client, Row, Statement};

use crate::schema::{Comment, NewNote, Post, User, Wide};

pub struct Raw {
    pub client: Client,
    point: Statement,
    users: Statement,
    wide: Statement,
    join: Statement,
    users_upto: Statement,
    posts_of: Statement,
    comments_of: Statement,
    nested_json: Statement,
    insert_one: Statement,
    insert_unnest: Statement,
    update_name: Statement,
    delete_note: Statement,
    insert_post: Statement,
}

/// W1's statement: a user by primary key.
pub const POINT: &str = "SELECT id, name, hair_color FROM users WHERE id = $1";
/// W2's statement: the first `$1` users.
pub const USERS: &str = "SELECT id, name, hair_color FROM users ORDER BY id LIMIT $1";

pub fn user(row: &Row, at: usize) -> User {
    User { id: row.get(at), name: row.get(at + 1), hair_color: row.get(at + 2) }
}

fn post(row: &Row, at: usize) -> Post {
    Post { id: row.get(at), user_id: row.get(at + 1), title: row.get(at + 2), body: row.get(at + 3) }
}

fn comment(row: &Row) -> Comment {
    Comment { id: row.get(0), post_id: row.get(1), text: row.get(2) }
}

fn wide(row: &Row) -> Wide {
    Wide {
        id: row.get(0),
        a_text: row.get(1),
        b_text: row.get(2),
        c_text: row.get(3),
        d_int: row.get(4),
        e_int: row.get(5),
        f_big: row.get(6),
        g_ts: row.get(7),
        h_ts: row.get(8),
        i_uuid: row.get(9),
        j_uuid: row.get(10),
        k_num: row.get(11),
        l_num: row.get(12),
        m_json: row.get(13),
        n_json: row.get(14),
        o_bool: row.get(15),
        p_bool: row.get(16),
        q_f64: row.get(17),
        r_date: row.get(18),
        s_text: row.get(19),
    }
}

/// W5 as one statement with JSON aggregation (the alternative to one statement per level).
const NESTED_JSON: &str = "\
SELECT u.id, u.name, u.hair_color, COALESCE((
    SELECT json_agg(json_build_object('id', p.id, 'user_id', p.user_id, 'title', p.title, 'body', p.body,
        'comments', COALESCE((
            SELECT json_agg(json_build_object('id', c.id, 'post_id', c.post_id, 'text', c.text) ORDER BY c.id)
            FROM comments c WHERE c.post_id = p.id), '[]'::json)) ORDER BY p.id)
    FROM posts p WHERE p.user_id = u.id), '[]'::json)
FROM users u WHERE u.id <= $1 ORDER BY u.id";

#[derive(Deserialize)]
struct PostJson {
    id: i32,
    user_id: i32,
    title: String,
    body: Option<String>,
    comments: Vec<CommentJson>,
}

#[derive(Deserialize)]
struct CommentJson {
    id: i32,
    post_id: i32,
    text: String,
}

impl PostJson {
    fn into_pair(self) -> (Post, Vec<Comment>) {
        let comments = self
            .comments
            .into_iter()
            .map(|c| Comment { id: c.id, post_id: c.post_id, text: c.text })
            .collect();
        (Post { id: self.id, user_id: self.user_id, title: self.title, body: self.body }, comments)
    }
}

impl Raw {
    pub async fn new(client: Client) -> Raw {
        let prepare = |sql: &'static str| {
            let client = &client;
            async move { client.prepare(sql).await.expect("prepare") }
        };
        Raw {
            point: prepare(POINT).await,
            users: prepare(USERS).await,
            wide: prepare(
                "SELECT id, a_text, b_text, c_text, d_int, e_int, f_big, g_ts, h_ts, i_uuid, j_uuid, k_num, \
                 l_num, m_json, n_json, o_bool, p_bool, q_f64, r_date, s_text FROM wide ORDER BY id LIMIT $1",
            )
            .await,
            join: prepare(
                "SELECT u.id, u.name, u.hair_color, p.id, p.user_id, p.title, p.body FROM users u \
                 LEFT JOIN posts p ON p.user_id = u.id WHERE u.id <= $1 ORDER BY u.id, p.id",
            )
            .await,
            users_upto: prepare("SELECT id, name, hair_color FROM users WHERE id <= $1 ORDER BY id").await,
            posts_of: prepare(
                "SELECT id, user_id, title, body FROM posts WHERE user_id = ANY($1) ORDER BY id",
            )
            .await,
            comments_of: prepare(
                "SELECT id, post_id, text FROM comments WHERE post_id = ANY($1) ORDER BY id",
            )
            .await,
            nested_json: prepare(NESTED_JSON).await,
            insert_one: prepare(
                "INSERT INTO notes (name, hair_color) VALUES ($1, $2) RETURNING id, name, hair_color",
            )
            .await,
            insert_unnest: prepare(
                "INSERT INTO notes (name, hair_color) SELECT * FROM unnest($1::text[], $2::text[])",
            )
            .await,
            update_name: prepare("UPDATE users SET name = $1 WHERE id = $2").await,
            delete_note: prepare("DELETE FROM notes WHERE id = $1").await,
            insert_post: prepare("INSERT INTO posts (user_id, title, body) VALUES ($1, $2, $3)").await,
            client,
        }
    }

    async fn rows(&self, statement: &Statement, params: &[&(dyn ToSql + Sync)]) -> Vec<Row> {
        let stream = self.client.query_raw(statement, params.iter().copied()).await.expect("query");
        let mut stream = pin!(stream);
        let mut rows = Vec::new();
        while let Some(row) = stream.try_next().await.expect("row") {
            rows.push(row);
        }
        rows
    }

    pub async fn w1_point(&self, id: i32) -> User {
        let rows = self.rows(&self.point, &[&id]).await;
        user(&rows[0], 0)
    }

    pub async fn w2_users(&self, n: i64) -> Vec<User> {
        self.rows(&self.users, &[&n]).await.iter().map(|r| user(r, 0)).collect()
    }

    pub async fn w3_wide(&self, n: i64) -> Vec<Wide> {
        self.rows(&self.wide, &[&n]).await.iter().map(wide).collect()
    }

    pub async fn w4_join(&self, upto: i32) -> Vec<(User, Option<Post>)> {
        self.rows(&self.join, &[&upto])
            .await
            .iter()
            .map(|r| {
                let id: Option<i32> = r.get(3);
                (user(r, 0), id.map(|_| post(r, 3)))
            })
            .collect()
    }

    pub async fn w5_nested(&self, upto: i32) -> Vec<(User, Vec<(Post, Vec<Comment>)>)> {
        let users: Vec<User> =
            self.rows(&self.users_upto, &[&upto]).await.iter().map(|r| user(r, 0)).collect();
        let user_ids: Vec<i32> = users.iter().map(|u| u.id).collect();
        let posts: Vec<Post> =
            self.rows(&self.posts_of, &[&user_ids]).await.iter().map(|r| post(r, 0)).collect();
        let post_ids: Vec<i32> = posts.iter().map(|p| p.id).collect();
        let mut comments_of: HashMap<i32, Vec<Comment>> = HashMap::new();
        for row in self.rows(&self.comments_of, &[&post_ids]).await {
            let c = comment(&row);
            comments_of.entry(c.post_id).or_default().push(c);
        }
        let mut posts_of: HashMap<i32, Vec<(Post, Vec<Comment>)>> = HashMap::new();
        for p in posts {
            let comments = comments_of.remove(&p.id).unwrap_or_default();
            posts_of.entry(p.user_id).or_default().push((p, comments));
        }
        users
            .into_iter()
            .map(|u| {
                let posts = posts_of.remove(&u.id).unwrap_or_default();
                (u, posts)
            })
            .collect()
    }

    /// W5 in one statement: posts and their comments aggregated per user as JSON,
    /// decoded with serde into the same structs.
    pub async fn w5_nested_json(&self, upto: i32) -> Vec<(User, Vec<(Post, Vec<Comment>)>)> {
        self.rows(&self.nested_json, &[&upto])
            .await
            .iter()
            .map(|r| {
                let Json(posts): Json<Vec<PostJson>> = r.get(3);
                (user(r, 0), posts.into_iter().map(PostJson::into_pair).collect())
            })
            .collect()
    }

    pub async fn w6_insert(&self, note: &NewNote) -> i64 {
        let rows = self.rows(&self.insert_one, &[&note.name, &note.hair_color]).await;
        rows[0].get(0)
    }

    pub async fn w7_insert_many(&self, notes: &[NewNote]) -> u64 {
        let names: Vec<&str> = notes.iter().map(|n| n.name.as_str()).collect();
        let colors: Vec<Option<&str>> = notes.iter().map(|n| n.hair_color.as_deref()).collect();
        self.client.execute(&self.insert_unnest, &[&names, &colors]).await.expect("insert")
    }

    pub async fn w8_copy(&self, notes: &[NewNote]) -> u64 {
        let sink = self
            .client
            .copy_in("COPY notes (name, hair_color) FROM STDIN (FORMAT binary)")
            .await
            .expect("copy");
        let mut writer = pin!(BinaryCopyInWriter::new(sink, &[Type::TEXT, Type::TEXT]));
        for note in notes {
            writer.as_mut().write(&[&note.name, &note.hair_color]).await.expect("row");
        }
        writer.finish().await.expect("finish")
    }

    pub async fn w9_update(&self, id: i32) -> u64 {
        self.client.execute(&self.update_name, &[&"Renamed", &id]).await.expect("update")
    }

    pub async fn w9_delete(&self, id: i64) -> u64 {
        self.client.execute(&self.delete_note, &[&id]).await.expect("delete")
    }

    pub async fn w10_transaction(&self, id: i32) -> u64 {
        self.client.batch_execute("BEGIN").await.expect("begin");
        let found = user(&self.rows(&self.point, &[&id]).await[0], 0);
        self.client.execute(&self.update_name, &[&"In a transaction", &found.id]).await.expect("update");
        let inserted = self
            .client
            .execute(&self.insert_post, &[&found.id, &"Written in a transaction", &None::<String>])
            .await
            .expect("insert");
        self.client.batch_execute("COMMIT").await.expect("commit");
        inserted
    }

    pub async fn exec(&self, sql: &str) {
        self.client.batch_execute(sql).await.expect("script");
    }
}
