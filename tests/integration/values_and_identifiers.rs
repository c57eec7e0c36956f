//! Values never enter SQL text and come back byte-identical; identifiers are always quoted.

use orm::prelude::*;

use crate::schema::*;

/// Values that would break or change a statement if they were spliced into its text.
const HOSTILE: &[&str] = &[
    "O'Reilly",
    "'; DROP TABLE users; --",
    "\"; DELETE FROM posts; --",
    "/* comment */ value",
    "-- line comment\nnext line",
    "back\\slash \\' and \\\\",
    "$1 $2 placeholder-like",
    "E'escape' U&'\\0041'",
    "ünïcödé ✓ 日本語",
    "semi;colon;",
    "",
];

#[tokio::test]
async fn hostile_values_round_trip_byte_identical() {
    let db = blog_db().await;
    for (i, value) in HOSTILE.iter().enumerate() {
        let mut new = new_user(&format!("{value}@{i}"), "N");
        new.bio = Some((*value).to_owned());
        new.metadata = Json(Profile { plan: (*value).to_owned(), tags: vec![(*value).to_owned()] });
        let stored = User::insert(new).returning().one(&*db).await.unwrap();
        assert_eq!(stored.bio.as_deref(), Some(*value));
        assert_eq!(stored.metadata.0.plan, *value);
        assert_eq!(stored.metadata.0.tags, [*value]);

        let found: Vec<Option<String>> = User::select()
            .columns(User::BIO)
            .filter(User::BIO.eq(*value).and(User::EMAIL.in_list([format!("{value}@{i}")])))
            .all(&*db)
            .await
            .unwrap();
        assert_eq!(found, [Some((*value).to_owned())], "the value matched itself exactly: {value:?}");
    }
    assert_eq!(User::select().count(&*db).await.unwrap(), HOSTILE.len() as u64, "no statement was altered");
    assert_eq!(Post::select().count(&*db).await.unwrap(), 0);
}

#[test]
fn rendered_sql_never_contains_a_value() {
    let render = |value: &str| {
        let select = User::select().filter(User::BIO.eq(value).or(User::NAME.like(value))).to_sql();
        let update = User::update().set(User::BIO, value).filter(User::EMAIL.eq(value)).to_sql();
        let insert = User::insert(new_user(value, value)).to_sql();
        (select, update, insert)
    };
    let baseline = render("plain");
    for value in HOSTILE {
        let rendered = render(value);
        assert_eq!(rendered, baseline, "the SQL text does not depend on the value {value:?}");
        if !value.is_empty() {
            assert!(
                !rendered.0.contains(value) && !rendered.1.contains(value) && !rendered.2.contains(value)
            );
        }
    }
}

#[tokio::test]
async fn identifiers_with_quotes_are_quoted() {
    let db = blog_db().await;
    let sql = Odd::select().filter(Odd::VALUE.eq("x")).to_sql();
    assert_eq!(
        sql,
        r#"SELECT "odd ""quoted"" table"."id", "odd ""quoted"" table"."select ""value""; --" FROM "odd ""quoted"" table" WHERE "odd ""quoted"" table"."select ""value""; --" = $1"#
    );
    let row = Odd::insert(NewOdd { value: "stored".into() }).returning().one(&*db).await.unwrap();
    assert_eq!(row.value, "stored");
    let read = Odd::select().filter(Odd::VALUE.eq("stored")).one(&*db).await.unwrap();
    assert_eq!(read, row);

    let client = db.pool().get().await.unwrap();
    let catalog = client
        .query("SELECT table_name::text, column_name::text FROM information_schema.columns WHERE table_schema = 'public'", &[])
        .await
        .unwrap();
    let names: Vec<(String, String)> = catalog.iter().map(|row| (row.get(0), row.get(1))).collect();
    assert!(
        names.contains(&("odd \"quoted\" table".to_owned(), "select \"value\"; --".to_owned())),
        "the catalog holds the exact names: {names:?}"
    );
}
