//! Every filter operator against real rows: the SQL PostgreSQL runs must select exactly the expected rows.

use orm::prelude::*;
use orm::testing::TestDb;

use crate::schema::*;

/// Users `a`..`e` with scores 10..50; `b` and `d` have a bio; `e` is an admin.
async fn fixture() -> TestDb {
    let db = blog_db().await;
    for (i, key) in ["a", "b", "c", "d", "e"].into_iter().enumerate() {
        let mut new = new_user(&format!("{key}@Example.com"), &format!("User_{}", key.to_uppercase()));
        new.score = Some(10 * (i as i32 + 1));
        new.bio = (i % 2 == 1).then(|| format!("bio of {key}"));
        new.role = (key == "e").then_some(Role::Admin);
        User::insert(new).execute(&*db).await.unwrap();
    }
    db
}

/// The email prefixes of the users matching `cond`, sorted.
async fn matching(db: &Db, cond: Condition<User>) -> Vec<String> {
    let emails: Vec<String> =
        User::select().columns(User::EMAIL).filter(cond).order_by(User::EMAIL).all(db).await.unwrap();
    emails.into_iter().map(|e| e.split('@').next().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn comparisons() {
    let db = fixture().await;
    assert_eq!(matching(&db, User::SCORE.eq(30)).await, ["c"]);
    assert_eq!(matching(&db, User::SCORE.ne(30)).await, ["a", "b", "d", "e"]);
    assert_eq!(matching(&db, User::SCORE.gt(30)).await, ["d", "e"]);
    assert_eq!(matching(&db, User::SCORE.ge(30)).await, ["c", "d", "e"]);
    assert_eq!(matching(&db, User::SCORE.lt(30)).await, ["a", "b"]);
    assert_eq!(matching(&db, User::SCORE.le(30)).await, ["a", "b", "c"]);
    assert_eq!(matching(&db, User::ROLE.eq(Role::Admin)).await, ["e"]);
    assert_eq!(matching(&db, User::EMAIL.eq("b@Example.com".to_string())).await, ["b"]);
}

#[tokio::test]
async fn nulls_lists_and_ranges() {
    let db = fixture().await;
    assert_eq!(matching(&db, User::BIO.is_null()).await, ["a", "c", "e"]);
    assert_eq!(matching(&db, User::BIO.is_not_null()).await, ["b", "d"]);
    assert_eq!(matching(&db, User::SCORE.in_list([20, 40, 99])).await, ["b", "d"]);
    assert_eq!(matching(&db, User::SCORE.not_in([20, 40])).await, ["a", "c", "e"]);
    assert_eq!(matching(&db, User::EMAIL.in_list(["a@Example.com", "e@Example.com"])).await, ["a", "e"]);
    assert_eq!(matching(&db, User::ROLE.in_list([Role::Admin, Role::Guest])).await, ["e"]);
    assert_eq!(matching(&db, User::SCORE.in_list(Vec::<i32>::new())).await, Vec::<String>::new());
    assert_eq!(matching(&db, User::SCORE.between(20, 40)).await, ["b", "c", "d"]);
    assert_eq!(
        matching(&db, User::BIO.eq("bio of d")).await,
        ["d"],
        "a nullable column compares with its base type"
    );
}

#[tokio::test]
async fn pattern_matching() {
    let db = fixture().await;
    assert_eq!(matching(&db, User::EMAIL.like("%@Example.com")).await, ["a", "b", "c", "d", "e"]);
    assert_eq!(
        matching(&db, User::EMAIL.like("%@example.com")).await,
        Vec::<String>::new(),
        "LIKE is case-sensitive"
    );
    assert_eq!(matching(&db, User::EMAIL.ilike("%@EXAMPLE.COM")).await.len(), 5);
    assert_eq!(matching(&db, User::NAME.like("User\\_C")).await, ["c"], "the pattern is bound as given");
    assert_eq!(matching(&db, User::BIO.ilike("BIO OF _")).await, ["b", "d"]);
}

#[tokio::test]
async fn boolean_combinators() {
    let db = fixture().await;
    assert_eq!(matching(&db, User::SCORE.gt(10).and(User::SCORE.lt(40))).await, ["b", "c"]);
    assert_eq!(matching(&db, User::SCORE.eq(10).or(User::SCORE.eq(50))).await, ["a", "e"]);
    assert_eq!(matching(&db, User::BIO.is_null().not()).await, ["b", "d"]);
    assert_eq!(matching(&db, not(User::SCORE.between(20, 40))).await, ["a", "e"]);
    let nested = User::SCORE.ge(20).and(User::BIO.is_not_null().or(User::ROLE.eq(Role::Admin)));
    assert_eq!(matching(&db, nested).await, ["b", "d", "e"]);

    let two_filters: Vec<String> = User::select()
        .columns(User::EMAIL)
        .filter(User::SCORE.gt(10))
        .filter(User::SCORE.lt(30))
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(two_filters, ["b@Example.com"], "successive filters are ANDed");
}

#[tokio::test]
async fn columns_compare_with_columns() {
    let db = blog_db().await;
    let author = insert_user(&db, "a@x.io", "A").await;
    insert_post(&db, &author, "same", None).await;
    let other = insert_post(&db, &author, "other", None).await;
    Post::update().set(Post::BODY, "other").filter(Post::ID.eq(other.id)).execute(&*db).await.unwrap();
    let titles: Vec<String> =
        Post::select().columns(Post::TITLE).filter(Post::TITLE.eq(Post::BODY)).all(&*db).await.unwrap();
    assert_eq!(titles, ["other"]);
}
