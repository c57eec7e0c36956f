//! `push`: the live database to the code in one transaction, with the same
//! refusals as `generate`, row counts named, nothing truncated.

use orm::Executor;
use orm::prelude::*;
use orm::testing::TestDb;

use crate::support::{cli, texts, url_of};
use crate::versions;

#[tokio::test]
async fn push_creates_then_finds_nothing_to_do() {
    let db = TestDb::new().await;
    let url = url_of(&db);
    let first = cli(&versions::v1::schema(), &["push", "--database-url", &url]);
    assert_eq!(first.code, 0, "{first:?}");
    assert!(first.out.contains(r#"create table "users""#), "{}", first.out);
    let again = cli(&versions::v1::schema(), &["push", "--database-url", &url]);
    assert_eq!(again.code, 0, "{again:?}");
    assert!(again.out.contains("already matches"), "{}", again.out);
    let tables =
        texts(&db, "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").await;
    assert_eq!(tables, ["posts", "users"], "push writes no tracking table");
}

#[tokio::test]
async fn push_refuses_data_loss_naming_the_row_count_and_never_truncates() {
    let db = TestDb::new().await;
    let url = url_of(&db);
    assert_eq!(cli(&versions::v7::schema(), &["push", "--database-url", &url]).code, 0);
    db.batch_execute(
        "INSERT INTO users (email, display_name, legacy) VALUES ('a@x', 'A', 'keep me'), ('b@x', 'B', NULL)",
    )
    .await
    .expect("rows");

    let refused = cli(&versions::v8::schema(), &["push", "--database-url", &url]);
    assert_eq!(refused.code, 3, "{refused:?}");
    assert!(
        refused.err.contains(r#"drop column "users"."legacy" (deletes data; the table has 2 rows)"#),
        "{}",
        refused.err
    );
    let legacy = texts(&db, "SELECT coalesce(legacy, '-') FROM users ORDER BY id").await;
    assert_eq!(legacy, ["keep me", "-"], "nothing changed");

    let dry =
        cli(&versions::v8::schema(), &["push", "--database-url", &url, "--allow-data-loss", "--dry-run"]);
    assert_eq!(dry.code, 0, "{dry:?}");
    assert!(dry.out.contains(r#"ALTER TABLE "users" DROP COLUMN "legacy";"#), "{}", dry.out);
    assert_eq!(texts(&db, "SELECT count(*)::text FROM users WHERE legacy IS NOT NULL").await, ["1"]);

    let allowed = cli(&versions::v8::schema(), &["push", "--database-url", &url, "--allow-data-loss"]);
    assert_eq!(allowed.code, 0, "{allowed:?}");
    assert_eq!(texts(&db, "SELECT email FROM users ORDER BY id").await, ["a@x", "b@x"], "rows kept");
    let columns = texts(&db, "SELECT column_name::text FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'legacy'").await;
    assert!(columns.is_empty(), "the column is gone");
}

#[tokio::test]
async fn push_adds_a_not_null_column_to_an_empty_table_but_not_to_a_filled_one() {
    #[derive(Table)]
    #[table(name = "notes")]
    struct Before {
        #[column(primary_key, identity)]
        id: i64,
    }
    mod after {
        use orm::prelude::*;
        #[derive(Table)]
        #[table(name = "notes")]
        pub struct After {
            #[column(primary_key, identity)]
            pub id: i64,
            pub body: String,
        }
    }
    let (empty, filled) = (TestDb::new().await, TestDb::new().await);
    for db in [&empty, &filled] {
        assert_eq!(cli(&orm::schema![Before], &["push", "--database-url", &url_of(db)]).code, 0);
    }
    filled.batch_execute("INSERT INTO notes DEFAULT VALUES").await.expect("a row");
    let ok = cli(&orm::schema![after::After], &["push", "--database-url", &url_of(&empty)]);
    assert_eq!(ok.code, 0, "an empty table takes a NOT NULL column: {ok:?}");
    let refused = cli(&orm::schema![after::After], &["push", "--database-url", &url_of(&filled)]);
    assert_eq!(refused.code, 3, "{refused:?}");
    assert!(
        refused.err.contains("the table has 1 rows; give the column a default or make it nullable"),
        "{}",
        refused.err
    );
}

#[tokio::test]
async fn expressions_the_server_rewrites_do_not_churn() {
    #[derive(Table)]
    #[table(name = "items")]
    #[index(columns(code), name = "items_live_code", where = "qty > 0 AND code <> ''")]
    #[index(expressions("lower(code)"), name = "items_code_lower")]
    struct Item {
        #[column(primary_key, identity)]
        id: i64,
        #[column(varchar(20), check = "code IN ('a', 'b') OR length(code) > 3")]
        code: String,
        #[column(check = "qty BETWEEN 0 AND 100", default = sql("(1 + 1)"))]
        qty: i32,
        #[column(default = sql("CURRENT_TIMESTAMP"))]
        at: DateTime<Utc>,
    }
    let db = TestDb::new().await;
    let url = url_of(&db);
    assert_eq!(cli(&orm::schema![Item], &["push", "--database-url", &url]).code, 0);
    let again = cli(&orm::schema![Item], &["push", "--database-url", &url]);
    assert_eq!(again.code, 0, "{again:?}");
    assert!(again.out.contains("already matches"), "{}", again.out);
}
