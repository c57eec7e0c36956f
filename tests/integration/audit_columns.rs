//! Audit columns and optimistic locking: `#[column(created_at)]` is set on insert and
//! never again, `#[column(updated_at)]` becomes now() with every update the builders
//! issue, `#[column(version)]` goes up by one with each, and `.expect_version(v)`
//! refuses a stale write.

use std::sync::Arc;

use orm::Error;
use orm::prelude::*;
use orm::testing::TestDb;

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "articles")]
pub struct Article {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(unique)]
    pub slug: String,
    pub title: String,
    #[column(created_at)]
    pub created_at: DateTime<Utc>,
    #[column(updated_at)]
    pub updated_at: DateTime<Utc>,
    #[column(version)]
    pub version: i32,
}

/// Soft-deleted, with a 64-bit version: marking a row deleted is an update too.
#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "memos", soft_delete = deleted_at)]
pub struct Memo {
    #[column(primary_key, identity)]
    pub id: i64,
    pub body: String,
    #[column(updated_at)]
    pub updated_at: DateTime<Utc>,
    #[column(version)]
    pub version: i64,
    pub deleted_at: Option<DateTime<Utc>>,
}

async fn audit_db() -> TestDb {
    TestDb::with_schema(&orm_migrate::create_sql(&orm::schema![Article, Memo])).await
}

/// A point in time well before any test runs, to tell a kept value from a new one.
fn long_ago() -> DateTime<Utc> {
    DateTime::from_timestamp(946_684_800, 0).unwrap()
}

/// An article whose audit columns are left to the database.
fn new_article(slug: &str, title: &str) -> NewArticle {
    NewArticle {
        slug: slug.to_owned(),
        title: title.to_owned(),
        created_at: None,
        updated_at: None,
        version: None,
    }
}

/// An article stored with both timestamps `long_ago()`, so that a change shows.
async fn old_article(db: &Db, slug: &str) -> Article {
    let new = NewArticle {
        created_at: Some(long_ago()),
        updated_at: Some(long_ago()),
        ..new_article(slug, "first")
    };
    Article::insert(new).returning().one(db).await.unwrap()
}

async fn reload(db: &Db, id: i64) -> Article {
    Article::select().filter(Article::ID.eq(id)).one(db).await.unwrap()
}

async fn transaction_now<E: Executor>(tx: &E) -> orm::Result<DateTime<Utc>> {
    sql!("SELECT now()").fetch_one(tx).await
}

#[tokio::test]
async fn insert_leaves_the_audit_columns_to_the_database() {
    let db = audit_db().await;
    let (article, now) = db
        .transaction(async |tx| {
            let article = Article::insert(new_article("a", "A")).returning().one(tx).await?;
            Ok::<_, Error>((article, transaction_now(tx).await?))
        })
        .await
        .unwrap();
    assert_eq!((article.created_at, article.updated_at), (now, now), "both default to now()");
    assert_eq!(article.version, 1, "a version starts at 1");

    let defaults: Vec<(String, Option<String>)> = sql!(
        "SELECT column_name::text, column_default::text FROM information_schema.columns \
         WHERE table_name = 'articles' AND column_name IN ('created_at', 'updated_at', 'version') \
         ORDER BY column_name"
    )
    .fetch_all(&*db)
    .await
    .unwrap();
    let defaults: Vec<(&str, Option<&str>)> =
        defaults.iter().map(|(column, default)| (column.as_str(), default.as_deref())).collect();
    assert_eq!(
        defaults,
        [("created_at", Some("now()")), ("updated_at", Some("now()")), ("version", Some("1"))],
        "the defaults are the schema's, not the builder's"
    );
}

#[test]
fn migrations_see_the_defaults() {
    let schema = orm::schema![Article];
    let ddl = orm_migrate::create_sql(&schema);
    assert!(ddl.contains(r#""created_at" timestamptz NOT NULL DEFAULT now()"#), "{ddl}");
    assert!(ddl.contains(r#""updated_at" timestamptz NOT NULL DEFAULT now()"#), "{ddl}");
    assert!(ddl.contains(r#""version" integer NOT NULL DEFAULT 1"#), "{ddl}");
    let snapshot = orm_migrate::Snapshot::from_schema(&schema);
    let table = snapshot.table("articles").unwrap();
    let default = |column: &str| table.column(column).unwrap().default.clone();
    assert_eq!(default("created_at").as_deref(), Some("now()"));
    assert_eq!(default("version").as_deref(), Some("1"));
}

#[tokio::test]
async fn set_moves_updated_at_and_version_and_keeps_created_at() {
    let db = audit_db().await;
    let before = old_article(&db, "a").await;
    let (after, now) = db
        .transaction(async |tx| {
            let after = Article::update()
                .set(Article::TITLE, "second")
                .filter(Article::ID.eq(before.id))
                .returning()
                .one(tx)
                .await?;
            Ok::<_, Error>((after, transaction_now(tx).await?))
        })
        .await
        .unwrap();
    assert_eq!(after.title, "second");
    assert_eq!(after.created_at, before.created_at, "created_at is never changed by an update");
    assert_ne!(after.updated_at, before.updated_at);
    assert_eq!(after.updated_at, now, "updated_at is the updating transaction's now()");
    assert_eq!(after.version, before.version + 1);
    assert_eq!(reload(&db, before.id).await, after);
}

#[tokio::test]
async fn patch_moves_updated_at_and_version_and_keeps_created_at() {
    let db = audit_db().await;
    let before = old_article(&db, "a").await;
    // Every field of the patch, spelled out: the audit columns are not among them.
    let patch = ArticlePatch { slug: None, title: Some("patched".to_owned()) };
    let (after, now) = db
        .transaction(async |tx| {
            let after =
                Article::update().patch(patch).filter(Article::ID.eq(before.id)).returning().one(tx).await?;
            Ok::<_, Error>((after, transaction_now(tx).await?))
        })
        .await
        .unwrap();
    assert_eq!(after.title, "patched");
    assert_eq!((after.created_at, after.updated_at), (before.created_at, now));
    assert_eq!(after.version, 2);
}

#[tokio::test]
async fn upsert_updates_move_updated_at_and_version_and_keep_created_at() {
    let db = audit_db().await;
    let before = old_article(&db, "a").await;
    let upsert = || {
        Article::insert(new_article("a", "upserted"))
            .on_conflict(Article::SLUG)
            .do_update()
            .set(Article::TITLE, excluded(Article::TITLE))
    };
    assert_eq!(
        upsert().to_sql(),
        r#"INSERT INTO "articles" ("slug", "title", "created_at", "updated_at", "version") VALUES ($1, $2, DEFAULT, DEFAULT, DEFAULT) ON CONFLICT ("slug") DO UPDATE SET "title" = EXCLUDED."title", "updated_at" = now(), "version" = "articles"."version" + 1"#
    );
    let (after, now) = db
        .transaction(async |tx| {
            let after = upsert().returning().one(tx).await?;
            Ok::<_, Error>((after, transaction_now(tx).await?))
        })
        .await
        .unwrap();
    assert_eq!((after.id, after.title.as_str()), (before.id, "upserted"));
    assert_eq!((after.created_at, after.updated_at), (before.created_at, now));
    assert_eq!(after.version, 2);
    let again = upsert().returning().one(&*db).await.unwrap();
    assert_eq!(again.version, 3, "one more per upsert that updates");
}

#[tokio::test]
async fn an_explicit_updated_at_is_kept() {
    let db = audit_db().await;
    let before = old_article(&db, "a").await;
    let stamp = DateTime::from_timestamp(1_234_567_890, 0).unwrap();
    let update = Article::update().set(Article::UPDATED_AT, stamp).filter(Article::ID.eq(before.id));
    assert_eq!(
        update.to_sql(),
        r#"UPDATE "articles" SET "updated_at" = $1, "version" = "articles"."version" + 1 WHERE "articles"."id" = $2"#
    );
    assert_eq!(update.execute(&*db).await.unwrap(), 1);
    let after = reload(&db, before.id).await;
    assert_eq!((after.updated_at, after.version), (stamp, 2));
}

#[tokio::test]
async fn created_at_and_version_cannot_be_set() {
    let db = audit_db().await;
    let before = old_article(&db, "a").await;

    let err = Article::update()
        .set(Article::CREATED_AT, Utc::now())
        .filter(Article::ID.eq(before.id))
        .execute(&*db)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::ReadOnlyColumn { table: "articles", column: "created_at", attribute: "created_at" }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("remove this `.set(..)`"), "{err}");

    let err = Article::update()
        .set(Article::TITLE, "x")
        .set(Article::VERSION, 40)
        .filter(Article::ID.eq(before.id))
        .returning()
        .one(&*db)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::ReadOnlyColumn { column: "version", .. }), "{err:?}");
    assert!(err.to_string().contains("expect_version"), "{err}");

    let err = Article::insert(new_article("a", "x"))
        .on_conflict(Article::SLUG)
        .do_update()
        .set(Article::CREATED_AT, excluded(Article::CREATED_AT))
        .execute(&*db)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::ReadOnlyColumn { column: "created_at", .. }), "{err:?}");

    assert_eq!(reload(&db, before.id).await, before, "nothing was sent");
}

#[tokio::test]
async fn a_stale_expected_version_changes_nothing() {
    let db = audit_db().await;
    let read = Article::insert(new_article("a", "first")).returning().one(&*db).await.unwrap();
    // Someone else updates the row after we read it.
    Article::update()
        .set(Article::TITLE, "theirs")
        .filter(Article::ID.eq(read.id))
        .execute(&*db)
        .await
        .unwrap();
    let current = reload(&db, read.id).await;
    assert_eq!(current.version, read.version + 1);

    let stale = || {
        Article::update()
            .set(Article::TITLE, "ours")
            .set(Article::SLUG, "ours")
            .filter(Article::ID.eq(read.id))
            .expect_version(read.version)
    };
    assert_eq!(
        stale().to_sql(),
        r#"UPDATE "articles" SET "title" = $1, "slug" = $2, "updated_at" = now(), "version" = "articles"."version" + 1 WHERE "articles"."id" = $3 AND "articles"."version" = $4"#
    );
    let err = stale().execute(&*db).await.unwrap_err();
    assert!(matches!(err, Error::StaleWrite { table: "articles" }), "{err:?}");
    assert!(err.to_string().contains("reload the row and retry"), "{err}");
    let err = stale().returning().one(&*db).await.unwrap_err();
    assert!(matches!(err, Error::StaleWrite { .. }), "returning() fails alike, not NotFound: {err:?}");
    let err = stale().returning().all(&*db).await.unwrap_err();
    assert!(matches!(err, Error::StaleWrite { .. }), "not an empty list: {err:?}");
    assert_eq!(reload(&db, read.id).await, current, "every column is as the other writer left it");
}

#[tokio::test]
async fn a_fresh_expected_version_writes_and_increments() {
    let db = audit_db().await;
    let read = Article::insert(new_article("a", "first")).returning().one(&*db).await.unwrap();
    let written = Article::update()
        .set(Article::TITLE, "second")
        .filter(Article::ID.eq(read.id))
        .expect_version(read.version)
        .returning()
        .one(&*db)
        .await
        .unwrap();
    assert_eq!((written.title.as_str(), written.version), ("second", 2));
    let changed = Article::update()
        .set(Article::TITLE, "third")
        .filter(Article::ID.eq(read.id))
        .expect_version(written.version)
        .execute(&*db)
        .await
        .unwrap();
    assert_eq!(changed, 1);
    assert_eq!(reload(&db, read.id).await.version, 3);
}

#[tokio::test]
async fn prepared_and_pipelined_updates_check_the_version_too() {
    let db = audit_db().await;
    let read = Article::insert(new_article("a", "first")).returning().one(&*db).await.unwrap();
    let rename = orm::prepare(|(id, version): (Param<i64>, Param<i32>)| {
        Article::update().set(Article::TITLE, "renamed").filter(Article::ID.eq(id)).expect_version(version)
    });
    assert_eq!(rename.execute(&*db, (read.id, 1)).await.unwrap(), 1);
    let err = rename.execute(&*db, (read.id, 1)).await.unwrap_err();
    assert!(matches!(err, Error::StaleWrite { .. }), "{err:?}");

    let stale = Article::update().set(Article::TITLE, "x").filter(Article::ID.eq(read.id)).expect_version(1);
    let err = db.pipeline((stale, Article::select())).await;
    assert!(matches!(err, Err(Error::StaleWrite { .. })), "{err:?}");
    assert_eq!(reload(&db, read.id).await.title, "renamed");
}

#[tokio::test]
async fn of_two_writers_holding_one_version_exactly_one_wins() {
    let db = audit_db().await;
    let id = Article::insert(new_article("a", "first")).returning().one(&*db).await.unwrap().id;
    // Both read the row before either writes.
    let both_read = Arc::new(tokio::sync::Barrier::new(2));
    let writer = |title: &'static str| {
        let (db, both_read) = (db.db().clone(), both_read.clone());
        tokio::spawn(async move {
            let read = Article::select().filter(Article::ID.eq(id)).one(&db).await?;
            both_read.wait().await;
            Article::update()
                .set(Article::TITLE, title)
                .filter(Article::ID.eq(id))
                .expect_version(read.version)
                .execute(&db)
                .await
                .map(|_| title)
        })
    };
    let (one, two) = tokio::join!(writer("one"), writer("two"));
    let outcomes = [one.unwrap(), two.unwrap()];
    let winners: Vec<&str> = outcomes.iter().filter_map(|outcome| outcome.as_ref().ok().copied()).collect();
    assert_eq!(winners.len(), 1, "{outcomes:?}");
    assert!(
        outcomes.iter().any(|outcome| matches!(outcome, Err(Error::StaleWrite { .. }))),
        "the other one is told its write is stale: {outcomes:?}"
    );
    let row = reload(&db, id).await;
    assert_eq!((row.title.as_str(), row.version), (winners[0], 2));
}

#[tokio::test]
async fn a_soft_delete_is_an_update_of_the_audit_columns() {
    let db = audit_db().await;
    let new =
        NewMemo { body: "keep".to_owned(), updated_at: Some(long_ago()), version: None, deleted_at: None };
    let memo = Memo::insert(new).returning().one(&*db).await.unwrap();
    let delete = Memo::delete().filter(Memo::ID.eq(memo.id));
    assert_eq!(
        delete.to_sql(),
        r#"UPDATE "memos" SET "deleted_at" = now(), "updated_at" = now(), "version" = "memos"."version" + 1 WHERE "memos"."deleted_at" IS NULL AND "memos"."id" = $1"#
    );
    let (marked, now) = db
        .transaction(async |tx| {
            let marked = Memo::delete().filter(Memo::ID.eq(memo.id)).returning().one(tx).await?;
            Ok::<_, Error>((marked, transaction_now(tx).await?))
        })
        .await
        .unwrap();
    assert_eq!((marked.deleted_at, marked.updated_at, marked.version), (Some(now), now, 2));

    let restored = Memo::update()
        .set(Memo::DELETED_AT, None)
        .filter(Memo::ID.eq(memo.id))
        .expect_version(2i64)
        .returning()
        .one(&*db)
        .await
        .unwrap();
    assert_eq!((restored.deleted_at, restored.version), (None, 3), "an i64 version counts alike");
}
