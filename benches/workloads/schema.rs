//! The benchmark schema (BENCH.md): diesel_bench's users / posts / comments and a
//! 20-column "wide" table.

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

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "wide")]
pub struct Wide {
    #[column(primary_key, identity)]
    pub id: i64,
    pub a_text: String,
    pub b_text: String,
    pub c_text: Option<String>,
    pub d_int: i32,
    pub e_int: Option<i32>,
    pub f_big: i64,
    pub g_ts: DateTime<Utc>,
    pub h_ts: Option<DateTime<Utc>>,
    pub i_uuid: Uuid,
    pub j_uuid: Option<Uuid>,
    pub k_num: Decimal,
    pub l_num: Option<Decimal>,
    pub m_json: serde_json::Value,
    pub n_json: Option<serde_json::Value>,
    pub o_bool: bool,
    pub p_bool: Option<bool>,
    pub q_f64: f64,
    pub r_date: NaiveDate,
    pub s_text: Option<String>,
}

/// The rows seeded outside the timed region: 10,000 users; 10 posts for each of
/// users 1..=1000; 10 comments for each post of users 1..=100; 10,000 wide rows.
pub const SEED: &str = "
INSERT INTO users (name, hair_color)
  SELECT 'User ' || i, CASE WHEN i % 3 = 0 THEN NULL ELSE 'brown' END FROM generate_series(1, 10000) i;
INSERT INTO posts (user_id, title, body)
  SELECT u, 'Post ' || j || ' by ' || u, CASE WHEN j % 2 = 1 THEN NULL ELSE repeat('body ', 20) END
  FROM generate_series(1, 1000) u, generate_series(1, 10) j ORDER BY u, j;
INSERT INTO comments (post_id, text)
  SELECT p.id, 'Comment ' || k || ' on post ' || p.id FROM posts p, generate_series(1, 10) k
  WHERE p.user_id <= 100 ORDER BY p.id, k;
INSERT INTO wide (a_text, b_text, c_text, d_int, e_int, f_big, g_ts, h_ts, i_uuid, j_uuid, k_num, l_num,
                  m_json, n_json, o_bool, p_bool, q_f64, r_date, s_text)
  SELECT 'alpha ' || i, 'beta ' || i, CASE WHEN i % 2 = 0 THEN 'gamma' END, i, CASE WHEN i % 3 = 0 THEN i END,
         i * 1000, now() - i * interval '1 minute', CASE WHEN i % 2 = 1 THEN now() END, gen_random_uuid(),
         CASE WHEN i % 4 = 0 THEN gen_random_uuid() END, i * 1.25, CASE WHEN i % 5 = 0 THEN 9.99 END,
         jsonb_build_object('i', i, 'tags', jsonb_build_array('a', 'b')), CASE WHEN i % 7 = 0 THEN '{}'::jsonb END,
         i % 2 = 0, CASE WHEN i % 3 = 0 THEN true END, i / 3.0, date '2024-01-01' + (i % 365), 'sigma'
  FROM generate_series(1, 10000) i;
ANALYZE;
";

/// Creates the tables above (and `notes`) in the database of `db` and fills them with [`SEED`].
pub async fn create_and_seed(db: &orm::Db) {
    let schema = orm::schema![User, Post, Comment, Wide, Note];
    db.batch_execute(&orm_migrate::create_sql(&schema)).await.expect("the benchmark schema");
    db.batch_execute(SEED).await.expect("seed");
}

/// The table the insert workloads write (two text columns, as in BENCH.md's bulk figures).
#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "notes")]
pub struct Note {
    #[column(primary_key, identity)]
    pub id: i64,
    pub name: String,
    pub hair_color: Option<String>,
}

/// `n` rows to insert.
pub fn new_notes(n: usize) -> Vec<NewNote> {
    (0..n)
        .map(|i| NewNote { name: format!("Note {i}"), hair_color: (i % 2 == 0).then(|| "red".to_owned()) })
        .collect()
}
