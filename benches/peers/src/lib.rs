//! `orm` and peer ORMs on `orm`'s benchmark workloads: raw tokio-postgres (the baseline),
//! orm, sqlx, diesel-async and SeaORM, each over ONE connection on a current-thread tokio runtime.
//!
//! The workloads are the `Op`s below; every contender decodes into typed structs
//! (`User`, `Post`, `Comment` or its own ORM's equivalent with the same fields).
#![allow(async_fn_in_trait)]

pub mod contender_diesel;
pub mod contender_orm;
pub mod contender_raw;
pub mod contender_sea;
pub mod contender_sqlx;
pub mod interleave;
pub mod placement;
pub mod proxy;
pub mod report;
pub mod setup;

use std::collections::HashMap;

/// Name of the database every run drops and recreates.
pub const DB_NAME: &str = "orm_peers_bench";

/// Server address (no TLS, TCP). `PEERS_PG_HOST` / `PEERS_PG_PORT` / `PEERS_PG_USER` override.
pub fn pg_host() -> String {
    std::env::var("PEERS_PG_HOST").unwrap_or_else(|_| "127.0.0.1".into())
}
pub fn pg_port() -> u16 {
    std::env::var("PEERS_PG_PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(5432)
}
pub fn pg_user() -> String {
    std::env::var("PEERS_PG_USER").unwrap_or_else(|_| "postgres".into())
}

/// URL of `db` on the given port (the port differs when going through the counting proxy).
pub fn url(db: &str, port: u16) -> String {
    format!("postgres://{}@{}:{}/{}?sslmode=disable", pg_user(), pg_host(), port, db)
}

/// User id read by W1.
pub const W1_ID: i32 = 42;
/// User whose name W9 updates.
pub const W9_UPDATE_ID: i32 = 9_999;
/// User W10 selects, renames and gives a new post, inside a transaction.
pub const W10_ID: i32 = 9_998;
/// W5 loads users with id <= this, their posts and those posts' comments.
pub const W5_MAX_USER: i32 = 100;

/// One workload at one size. Every contender implements each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// Point select of user `W1_ID` by primary key.
    W1,
    /// `SELECT id, name, hair_color FROM users ORDER BY id LIMIT n`.
    W2(i64),
    /// users LEFT JOIN posts WHERE users.id <= m ORDER BY users.id, posts.id.
    W4(i32),
    /// users (id <= 100) -> posts -> comments, eager loaded.
    W5,
    /// UPDATE users SET name = .. WHERE id = W9_UPDATE_ID.
    W9Update,
    /// DELETE FROM users WHERE id = the given (freshly inserted) id.
    W9Delete(i32),
    /// BEGIN; select user; update its name; insert a post for it; COMMIT.
    W10,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct User {
    pub id: i32,
    pub name: String,
    pub hair_color: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Post {
    pub id: i32,
    pub user_id: i32,
    pub title: String,
    pub body: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Comment {
    pub id: i32,
    pub post_id: i32,
    pub text: String,
}

/// W5's result shape.
pub type Nested<U, P, C> = Vec<(U, Vec<(P, Vec<C>)>)>;

/// Group users, posts and comments (each list from its own query) into the nested shape,
/// keeping each level's order. Used by the raw baseline and sqlx ("grouped by hand").
pub fn assemble(users: Vec<User>, posts: Vec<Post>, comments: Vec<Comment>) -> Nested<User, Post, Comment> {
    let user_index: HashMap<i32, usize> = users.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
    let mut children: Vec<Vec<(Post, Vec<Comment>)>> = users.iter().map(|_| Vec::new()).collect();
    let mut post_index: HashMap<i32, (usize, usize)> = HashMap::with_capacity(posts.len());
    for p in posts {
        let ui = user_index[&p.user_id];
        post_index.insert(p.id, (ui, children[ui].len()));
        children[ui].push((p, Vec::new()));
    }
    for c in comments {
        let (ui, pi) = post_index[&c.post_id];
        children[ui][pi].1.push(c);
    }
    users.into_iter().zip(children).collect()
}

/// Canonical form of a W4 result, for the cross-contender correctness check (untimed).
pub fn canon_join<U: Into<User>, P: Into<Post>>(v: Vec<(U, Option<P>)>) -> Vec<(User, Option<Post>)> {
    v.into_iter().map(|(u, p)| (u.into(), p.map(Into::into))).collect()
}

/// Canonical form of a W5 result, for the cross-contender correctness check (untimed).
pub fn canon_nested<U: Into<User>, P: Into<Post>, C: Into<Comment>>(
    v: Nested<U, P, C>,
) -> Nested<User, Post, Comment> {
    v.into_iter()
        .map(|(u, ps)| {
            (
                u.into(),
                ps.into_iter().map(|(p, cs)| (p.into(), cs.into_iter().map(Into::into).collect())).collect(),
            )
        })
        .collect()
}

/// A contender: one connection, one implementation of every `Op`.
pub trait Contender {
    /// Name used as criterion function id and in results.json.
    fn name(&self) -> &'static str;
    /// Run `op` for timing: the typed result is passed through `black_box` and dropped;
    /// returns the number of top-level rows / affected rows.
    async fn run(&mut self, op: Op) -> usize;
    /// Run `op` and return its result in canonical form (`Debug` of the common structs), untimed.
    async fn check(&mut self, op: Op) -> String;
}

/// Implements `Contender` from the inherent typed methods `w1 .. w10` of a contender type.
#[macro_export]
macro_rules! impl_contender {
    ($ty:ty, $name:expr) => {
        impl $crate::Contender for $ty {
            fn name(&self) -> &'static str {
                $name
            }
            async fn run(&mut self, op: $crate::Op) -> usize {
                use std::hint::black_box;
                match op {
                    $crate::Op::W1 => black_box(self.w1().await).is_some() as usize,
                    $crate::Op::W2(n) => black_box(self.w2(n).await).len(),
                    $crate::Op::W4(m) => black_box(self.w4(m).await).len(),
                    $crate::Op::W5 => black_box(self.w5().await).len(),
                    $crate::Op::W9Update => black_box(self.w9_update().await) as usize,
                    $crate::Op::W9Delete(id) => black_box(self.w9_delete(id).await) as usize,
                    $crate::Op::W10 => black_box(self.w10().await).1 as usize,
                }
            }
            async fn check(&mut self, op: $crate::Op) -> String {
                match op {
                    $crate::Op::W1 => format!("{:?}", self.w1().await.map(<$crate::User>::from)),
                    $crate::Op::W2(n) => format!(
                        "{:?}",
                        self.w2(n).await.into_iter().map(<$crate::User>::from).collect::<Vec<_>>()
                    ),
                    $crate::Op::W4(m) => format!("{:?}", $crate::canon_join(self.w4(m).await)),
                    $crate::Op::W5 => format!("{:?}", $crate::canon_nested(self.w5().await)),
                    $crate::Op::W9Update => format!("{:?}", self.w9_update().await),
                    $crate::Op::W9Delete(id) => format!("{:?}", self.w9_delete(id).await),
                    // The new post id differs per contender: compare the selected name only.
                    $crate::Op::W10 => format!("{:?}", self.w10().await.0),
                }
            }
        }
    };
}
