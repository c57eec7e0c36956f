//! `.explain(&db)` and `.explain_analyze(&db)` return the plan PostgreSQL picks for the
//! select as built, with its values bound.

use orm::Error;
use orm::prelude::*;

use crate::schema::*;

/// 2,000 users and fresh statistics, so the planner has a real choice to make.
async fn users_db() -> orm::testing::TestDb {
    let db = blog_db().await;
    User::insert_many((0..2_000).map(|i| new_user(&format!("user{i}@example.com"), &format!("User {i}"))))
        .execute(&*db)
        .await
        .unwrap();
    db.batch_execute("ANALYZE users").await.unwrap();
    db
}

#[tokio::test]
async fn the_plan_names_the_index_an_equality_on_a_unique_column_uses() {
    let db = users_db().await;
    let plan = User::select().filter(User::EMAIL.eq("user7@example.com")).explain(&*db).await.unwrap();
    assert!(plan.contains("Index Scan using users_email_key on users"), "{plan}");
    assert!(!plan.contains("actual"), "plain EXPLAIN must not run the query: {plan}");
    // No index on bio: the same shape of query scans the table.
    let plan = User::select().filter(User::BIO.eq("x")).explain(&*db).await.unwrap();
    assert!(plan.contains("Seq Scan on users"), "{plan}");
}

#[tokio::test]
async fn explain_analyze_runs_the_query_and_reports_actual_rows() {
    let db = users_db().await;
    let query = User::select().filter(User::NAME.like("User 1%")).order_by(User::EMAIL.asc());
    let plan = query.explain_analyze(&*db).await.unwrap();
    // "User 1", "User 10".."User 19", "User 100".."User 199", "User 1000".."User 1999".
    let matching = query.count(&*db).await.unwrap();
    assert_eq!(matching, 1 + 10 + 100 + 1_000);
    assert!(plan.contains("actual time="), "{plan}");
    assert!(plan.contains(&format!("rows={matching} loops=1")), "{plan}");
    assert!(plan.contains("Execution Time"), "{plan}");
    assert!(plan.lines().count() > 1, "one plan node per line: {plan}");
}

#[tokio::test]
async fn values_are_bound_in_the_explained_statement() {
    let db = users_db().await;
    let hostile = "x'); DROP TABLE users; --";
    let plan = User::select().filter(User::NAME.eq(hostile)).explain_analyze(&*db).await.unwrap();
    assert!(plan.contains("rows=0 loops=1"), "{plan}");
    // The server shows the bound value in its custom plan as one escaped literal.
    assert!(plan.contains("'x''); DROP TABLE users; --'::text"), "{plan}");
    assert_eq!(User::select().count(&*db).await.unwrap(), 2_000);
}

#[tokio::test]
async fn a_query_refused_before_sending_is_refused_by_explain_too() {
    let db = users_db().await;
    let refused = User::select().filter(User::NAME.like("ends in a lone \\")).explain(&*db).await;
    assert!(matches!(refused, Err(Error::InvalidQuery(_))), "{refused:?}");
}
