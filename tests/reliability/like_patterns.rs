//! Scenario 3: `contains`, `starts_with` and `ends_with` match their text literally,
//! whatever `%`, `_` and `\` it holds.

use orm::prelude::*;
use orm::testing::TestDb;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::support::{runtime, scaled};

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "phrases")]
pub struct Phrase {
    #[column(primary_key, identity)]
    pub id: i64,
    pub text: String,
}

/// Texts built from the characters LIKE treats specially, and two ordinary ones.
fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(prop::sample::select(vec!['%', '_', '\\', 'a', 'b']), 0..6)
        .prop_map(|chars| chars.into_iter().collect())
}

#[test]
fn like_helpers_match_their_text_literally() {
    let rt = runtime();
    let db = rt.block_on(TestDb::with_schema(&orm_migrate::create_sql(&orm::schema![Phrase])));
    let mut runner = TestRunner::new(Config { cases: scaled(64, 1024) as u32, ..Config::default() });
    let case = (proptest::collection::vec(text(), 1..12), text());
    runner
        .run(&case, |(stored, needle)| {
            rt.block_on(async {
                Phrase::delete().all_rows().execute(db.db()).await.unwrap();
                let rows = stored.iter().map(|text| NewPhrase { text: text.clone() });
                Phrase::insert_many(rows).execute(db.db()).await.unwrap();
                let found = async |cond| {
                    let mut texts: Vec<String> =
                        Phrase::select().columns(Phrase::TEXT).filter(cond).all(db.db()).await.unwrap();
                    texts.sort();
                    texts
                };
                // What the SQL returns is exactly what Rust's literal string tests select.
                let expect = |keep: &dyn Fn(&str) -> bool| {
                    let mut texts: Vec<String> = stored.iter().filter(|t| keep(t)).cloned().collect();
                    texts.sort();
                    texts
                };
                assert_eq!(found(Phrase::TEXT.contains(&needle)).await, expect(&|t| t.contains(&*needle)));
                assert_eq!(
                    found(Phrase::TEXT.starts_with(&needle)).await,
                    expect(&|t| t.starts_with(&*needle))
                );
                assert_eq!(found(Phrase::TEXT.ends_with(&needle)).await, expect(&|t| t.ends_with(&*needle)));
            });
            Ok(())
        })
        .unwrap();
}

#[tokio::test]
async fn a_percent_sign_is_not_a_wildcard() {
    let db = TestDb::with_schema(&orm_migrate::create_sql(&orm::schema![Phrase])).await;
    let texts = ["50%", "500", "a_b", "axb", "back\\slash", "backslash"];
    Phrase::insert_many(texts.map(|t| NewPhrase { text: t.into() })).execute(db.db()).await.unwrap();
    let found = async |cond| -> Vec<String> {
        Phrase::select().columns(Phrase::TEXT).filter(cond).order_by(Phrase::ID).all(db.db()).await.unwrap()
    };
    assert_eq!(found(Phrase::TEXT.contains("0%")).await, ["50%"]);
    assert_eq!(found(Phrase::TEXT.starts_with("a_")).await, ["a_b"]);
    assert_eq!(found(Phrase::TEXT.ends_with("\\slash")).await, ["back\\slash"]);
    // `like` keeps its wildcards for those who want them.
    assert_eq!(found(Phrase::TEXT.like("50_")).await, ["50%", "500"]);
}

#[tokio::test]
async fn a_like_pattern_ending_in_a_lone_escape_is_refused_before_it_is_sent() {
    let db = TestDb::with_schema(&orm_migrate::create_sql(&orm::schema![Phrase])).await;
    Phrase::insert(NewPhrase { text: "dir\\".into() }).execute(db.db()).await.unwrap();
    let (builder, trips) = db.counting_round_trips().await;
    let counted = builder.max_size(1).connect().await.unwrap();
    let conn = counted.connection().await.unwrap();
    trips.take();
    let err = Phrase::select().filter(Phrase::TEXT.like("dir\\")).all(&conn).await.unwrap_err();
    assert!(matches!(err, orm::Error::InvalidQuery(_)), "{err:?}");
    assert!(
        err.to_string().contains("contains / starts_with / ends_with"),
        "the message says what to do: {err}"
    );
    assert_eq!(trips.take(), 0, "nothing was sent");
    // Escaped, the backslash is matched literally.
    let found: Vec<String> = Phrase::select()
        .columns(Phrase::TEXT)
        .filter(Phrase::TEXT.ilike("DIR\\\\"))
        .all(&conn)
        .await
        .unwrap();
    assert_eq!(found, ["dir\\"]);
}
