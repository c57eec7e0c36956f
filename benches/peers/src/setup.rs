//! Drop/recreate the benchmark database, create the schema with plain SQL, seed, VACUUM ANALYZE.
//! Also a helper client used outside the timed regions (W9 delete rows are inserted with it).

use tokio_postgres::{Client, NoTls};

async fn connect(url: &str) -> Client {
    let (client, connection) =
        tokio_postgres::connect(url, NoTls).await.unwrap_or_else(|e| panic!("connect {}: {e}", orm::exec::redact_url(url)));
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            eprintln!("setup connection error: {e}");
        }
    });
    client
}

pub const SCHEMA: &str = "
CREATE TABLE users (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, hair_color text);
CREATE TABLE posts (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, user_id integer NOT NULL REFERENCES users(id), title text NOT NULL, body text);
CREATE TABLE comments (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, post_id integer NOT NULL REFERENCES posts(id), text text NOT NULL);
CREATE INDEX ON posts (user_id);
CREATE INDEX ON comments (post_id);
";

/// 10,000 users ('User {i}', hair_color NULL for every third else 'brown');
/// 10 posts for each of users 1..1000 ('Post {j} by {i}', body NULL for odd j);
/// 10 comments for each post of users 1..100 ('Comment {k} on post {p}').
pub const SEED: &str = "
INSERT INTO users (name, hair_color)
  SELECT 'User ' || i, CASE WHEN i % 3 = 0 THEN NULL ELSE 'brown' END
  FROM generate_series(1, 10000) AS i ORDER BY i;
INSERT INTO posts (user_id, title, body)
  SELECT i, 'Post ' || j || ' by ' || i, CASE WHEN j % 2 = 1 THEN NULL ELSE 'Body of post ' || j || ' by ' || i END
  FROM generate_series(1, 1000) AS i, generate_series(1, 10) AS j ORDER BY i, j;
INSERT INTO comments (post_id, text)
  SELECT p.id, 'Comment ' || k || ' on post ' || p.id
  FROM posts AS p, generate_series(1, 10) AS k WHERE p.user_id <= 100 ORDER BY p.id, k;
";

/// Recreate `orm_peers_bench`, create the schema, seed it and analyze. Returns the server version.
pub async fn recreate_and_seed() -> String {
    let admin = connect(&crate::url("postgres", crate::pg_port())).await;
    let db = crate::DB_NAME;
    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)")).await.expect("drop database");
    admin.batch_execute(&format!("CREATE DATABASE {db}")).await.expect("create database");
    let version: String = admin.query_one("SHOW server_version", &[]).await.expect("version").get(0);
    drop(admin);

    let c = connect(&crate::url(db, crate::pg_port())).await;
    c.batch_execute(SCHEMA).await.expect("schema");
    c.batch_execute(SEED).await.expect("seed");
    c.batch_execute("VACUUM (ANALYZE)").await.expect("vacuum analyze");
    let row = c
        .query_one(
            "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM posts), (SELECT count(*) FROM comments), \
             (SELECT count(*) FROM users WHERE name <> 'User ' || id), \
             (SELECT count(*) FROM posts WHERE title <> 'Post ' || ((id - 1) % 10 + 1) || ' by ' || user_id), \
             (SELECT count(*) FROM users WHERE hair_color IS NULL)",
            &[],
        )
        .await
        .expect("verify seed");
    let counts: Vec<i64> = (0..6).map(|i| row.get(i)).collect();
    assert_eq!(
        counts,
        vec![10_000, 10_000, 10_000, 0, 0, 3_333],
        "seed check (users, posts, comments, misnamed users, misnamed posts, NULL hair)"
    );
    version
}

/// A plain client for work outside the timed regions.
pub struct Helper {
    client: Client,
}

impl Helper {
    pub async fn connect() -> Helper {
        Helper { client: connect(&crate::url(crate::DB_NAME, crate::pg_port())).await }
    }

    /// The server processes of every session of the bench database.
    pub async fn session_pids(&self) -> Vec<i32> {
        let rows = self
            .client
            .query("SELECT pid FROM pg_stat_activity WHERE datname = current_database()", &[])
            .await
            .expect("the bench's sessions");
        rows.iter().map(|row| row.get(0)).collect()
    }

    /// Insert `n` throw-away users (for W9 delete) and return their ids.
    pub async fn insert_users(&self, n: u64) -> Vec<i32> {
        let rows = self
            .client
            .query(
                "INSERT INTO users (name) SELECT 'To delete ' || g FROM generate_series(1, $1::int8) AS g RETURNING id",
                &[&(n as i64)],
            )
            .await
            .expect("insert users to delete");
        rows.iter().map(|r| r.get(0)).collect()
    }
}
