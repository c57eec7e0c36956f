//! Aggregates, grouping, distinct, subqueries, unions and row locks.

use std::time::Duration;

use orm::Decimal;
use orm::prelude::*;

use crate::schema::*;

/// Users `a`..`d` with scores 10, 20, 20, 40; `a` has two posts rated 4 and 5, `b` one unrated.
async fn fixture(db: &Db) -> Vec<User> {
    let mut users = Vec::new();
    for (name, score) in [("a", 10), ("b", 20), ("c", 20), ("d", 40)] {
        let mut new = new_user(&format!("{name}@x.io"), name);
        new.score = Some(score);
        users.push(User::insert(new).returning().one(db).await.unwrap());
    }
    insert_post(db, &users[0], "a1", Some(4.0)).await;
    insert_post(db, &users[0], "a2", Some(5.0)).await;
    insert_post(db, &users[1], "b1", None).await;
    users
}

#[tokio::test]
async fn aggregates_have_honest_types() {
    let db = blog_db().await;
    fixture(&db).await;
    let (n, total, average, low, high): (i64, Option<i64>, Option<Decimal>, Option<i32>, Option<i32>) =
        User::select()
            .columns((
                count_all::<User>(),
                sum(User::SCORE),
                avg(User::SCORE),
                min(User::SCORE),
                max(User::SCORE),
            ))
            .one(&*db)
            .await
            .unwrap();
    assert_eq!((n, total, low, high), (4, Some(90), Some(10), Some(40)));
    assert_eq!(average, Some(Decimal::new(225, 1)));

    let (rated, distinct_scores, rating_sum, rating_avg): (i64, i64, Option<f64>, Option<f64>) =
        Post::select()
            .columns((
                count(Post::RATING),
                count_distinct(Post::RATING),
                sum(Post::RATING),
                avg(Post::RATING),
            ))
            .one(&*db)
            .await
            .unwrap();
    assert_eq!(
        (rated, distinct_scores, rating_sum, rating_avg),
        (2, 2, Some(9.0), Some(4.5)),
        "NULLs are not counted"
    );
    let distinct_users: i64 = User::select().columns(count_distinct(User::SCORE)).one(&*db).await.unwrap();
    assert_eq!(distinct_users, 3);

    let (empty_sum, empty_max): (Option<i64>, Option<i32>) = User::select()
        .columns((sum(User::SCORE), max(User::SCORE)))
        .filter(User::SCORE.gt(1000))
        .one(&*db)
        .await
        .unwrap();
    assert_eq!((empty_sum, empty_max), (None, None), "the aggregate of no rows is NULL");
}

#[tokio::test]
async fn group_by_and_having() {
    let db = blog_db().await;
    fixture(&db).await;
    let per_score: Vec<(i32, i64)> = User::select()
        .columns((User::SCORE, count(User::ID)))
        .group_by(User::SCORE)
        .order_by(User::SCORE)
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(per_score, [(10, 1), (20, 2), (40, 1)]);

    let crowded: Vec<i32> = User::select()
        .columns(User::SCORE)
        .group_by(User::SCORE)
        .having(count(User::ID).gt(1_i64))
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(crowded, [20]);
    assert_eq!(User::select().columns(User::SCORE).group_by(User::SCORE).count(&*db).await.unwrap(), 3);
    let crowded_groups = User::select()
        .columns(User::SCORE)
        .group_by(User::SCORE)
        .having(count(User::ID).gt(1_i64))
        .count(&*db)
        .await
        .unwrap();
    assert_eq!(crowded_groups, 1, "count() honours HAVING");
    assert_eq!(
        User::select().columns(count(User::ID)).count(&*db).await.unwrap(),
        1,
        "an aggregate is one row"
    );
}

#[tokio::test]
async fn distinct_and_distinct_on() {
    let db = blog_db().await;
    fixture(&db).await;
    let scores: Vec<i32> =
        User::select().columns(User::SCORE).distinct().order_by(User::SCORE).all(&*db).await.unwrap();
    assert_eq!(scores, [10, 20, 40]);
    assert_eq!(User::select().columns(User::SCORE).distinct().count(&*db).await.unwrap(), 3);
    // The first user (by name) of each score.
    let firsts: Vec<(i32, String)> = User::select()
        .columns((User::SCORE, User::NAME))
        .distinct_on(User::SCORE)
        .order_by((User::SCORE, User::NAME.desc()))
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(firsts, [(10, "a".into()), (20, "c".into()), (40, "d".into())]);
}

#[tokio::test]
async fn subqueries_in_filters_and_as_values() {
    let db = blog_db().await;
    let users = fixture(&db).await;
    let authors: Vec<String> = User::select()
        .columns(User::NAME)
        .filter(User::ID.in_subquery(Post::select().columns(Post::AUTHOR_ID)))
        .order_by(User::NAME)
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(authors, ["a", "b"]);
    let silent: Vec<String> = User::select()
        .columns(User::NAME)
        .filter(User::ID.not_in_subquery(Post::select().columns(Post::AUTHOR_ID)))
        .order_by(User::NAME)
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(silent, ["c", "d"]);

    let rated: Vec<String> = User::select()
        .columns(User::NAME)
        .filter(exists(
            Post::select().filter(Post::AUTHOR_ID.eq(outer(User::ID)).and(Post::RATING.is_not_null())),
        ))
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(rated, ["a"], "a correlated EXISTS");
    let without: u64 = User::select()
        .filter(not_exists(Post::select().filter(Post::AUTHOR_ID.eq(outer(User::ID)))))
        .count(&*db)
        .await
        .unwrap();
    assert_eq!(without, 2);

    let post_counts: Vec<(String, Option<i64>)> = User::select()
        .columns((
            User::NAME,
            scalar(Post::select().columns(count(Post::ID)).filter(Post::AUTHOR_ID.eq(outer(User::ID)))),
        ))
        .order_by(User::NAME)
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(
        post_counts,
        [("a".into(), Some(2)), ("b".into(), Some(1)), ("c".into(), Some(0)), ("d".into(), Some(0))]
    );

    let top = User::select()
        .filter(User::SCORE.eq(scalar(User::select().columns(max(User::SCORE)))))
        .one(&*db)
        .await
        .unwrap();
    assert_eq!(top, users[3], "a scalar subquery compared with a column");
}

#[tokio::test]
async fn union_and_union_all() {
    let db = blog_db().await;
    fixture(&db).await;
    let low = User::select().columns(User::NAME).filter(User::SCORE.le(20));
    let named = User::select().columns(User::NAME).filter(User::NAME.in_list(["b", "d"]));
    let mut both: Vec<String> = low.union(named).all(&*db).await.unwrap();
    both.sort();
    assert_eq!(both, ["a", "b", "c", "d"]);

    let titles = Post::select().columns(Post::TITLE).filter(Post::TITLE.eq("a1"));
    let twice: Vec<String> = titles
        .union_all(Post::select().columns(Post::TITLE).filter(Post::TITLE.eq("a1")))
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(twice, ["a1", "a1"], "UNION ALL keeps duplicates");
    let mixed: Vec<String> = User::select()
        .columns(User::NAME)
        .filter(User::NAME.eq("a"))
        .union(Post::select().columns(Post::TITLE).filter(Post::TITLE.eq("b1")))
        .all(&*db)
        .await
        .map(|mut rows| {
            rows.sort();
            rows
        })
        .unwrap();
    assert_eq!(mixed, ["a", "b1"], "rows of the same type from two tables");
}

#[tokio::test]
async fn row_locks_skip_locked_and_nowait() {
    let db = blog_db().await;
    fixture(&db).await;
    let holder = db.connection().await.unwrap();
    holder.batch_execute("BEGIN").await.unwrap();
    let held: Vec<String> = User::select()
        .columns(User::NAME)
        .filter(User::SCORE.eq(20))
        .for_update()
        .all(&holder)
        .await
        .unwrap();
    assert_eq!(held.len(), 2);

    let free: Vec<String> = db
        .transaction(async |tx| {
            User::select().columns(User::NAME).order_by(User::NAME).for_update().skip_locked().all(tx).await
        })
        .await
        .unwrap();
    assert_eq!(free, ["a", "d"], "SKIP LOCKED passes over the rows the other transaction holds");

    let err = db
        .transaction(async |tx| User::select().filter(User::SCORE.eq(20)).for_share().nowait().all(tx).await)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("could not obtain lock"), "{err}");

    let waited = tokio::time::timeout(
        Duration::from_millis(200),
        db.transaction(async |tx| User::select().filter(User::SCORE.eq(20)).for_update().all(tx).await),
    )
    .await;
    assert!(waited.is_err(), "without NOWAIT or SKIP LOCKED the lock is waited for");
    holder.batch_execute("ROLLBACK").await.unwrap();
}

#[test]
fn lock_wait_modes_apply_in_any_order() {
    assert!(User::select().skip_locked().for_update().to_sql().ends_with("FOR UPDATE SKIP LOCKED"));
    assert!(User::select().for_share().nowait().to_sql().ends_with("FOR SHARE NOWAIT"));
}

#[test]
fn the_full_select_grammar_renders_in_order() {
    let sql = User::select()
        .columns((User::SCORE, count(User::ID)))
        .filter(User::BIO.is_null())
        .group_by(User::SCORE)
        .having(count(User::ID).ge(2_i64))
        .order_by(User::SCORE.desc())
        .limit(5)
        .for_update()
        .skip_locked()
        .to_sql();
    assert_eq!(
        sql,
        r#"SELECT "users"."score", count("users"."id") FROM "users" WHERE "users"."bio" IS NULL GROUP BY "users"."score" HAVING count("users"."id") >= $1 ORDER BY "users"."score" DESC LIMIT $2 FOR UPDATE SKIP LOCKED"#
    );
}

#[tokio::test]
async fn a_common_table_expression_feeds_a_typed_select() {
    let db = blog_db().await;
    fixture(&db).await;
    let scored = User::select().filter(User::SCORE.ge(20));
    let query =
        User::select().from_cte("scored_users", scored).filter(User::NAME.ne("c")).order_by(User::NAME);
    assert!(
        query.to_sql().starts_with(r#"WITH "scored_users" AS (SELECT "users"."id""#),
        "{}",
        query.to_sql()
    );
    let names: Vec<String> = query.columns(User::NAME).all(&*db).await.unwrap();
    assert_eq!(names, ["b", "d"]);
    let counted =
        User::select().from_cte("scored_users", User::select().filter(User::SCORE.ge(20))).count(&*db).await;
    assert_eq!(counted.unwrap(), 3);
    let inside: Vec<String> = User::select()
        .columns(User::NAME)
        .filter(User::ID.in_subquery(
            User::select().from_cte("top", User::select().filter(User::SCORE.eq(40))).columns(User::ID),
        ))
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(inside, ["d"], "a CTE inside a subquery");
}

#[tokio::test]
async fn locks_on_grouped_rows_are_refused_before_sending() {
    let db = blog_db().await;
    let err = User::select().columns(count(User::ID)).for_update().all(&*db).await.unwrap_err();
    assert!(matches!(err, orm::Error::InvalidQuery(_)), "{err:?}");
    let err = User::select().columns(User::SCORE).distinct().for_share().all(&*db).await.unwrap_err();
    assert!(matches!(err, orm::Error::InvalidQuery(_)), "{err:?}");
    let locked = User::select().columns(User::NAME).for_update();
    let err = locked.union(User::select().columns(User::NAME)).all(&*db).await.unwrap_err();
    assert!(matches!(err, orm::Error::InvalidQuery(_)), "{err:?}");
}
