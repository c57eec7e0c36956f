//! Scenario 2: any value, through `eq`, `in_list`, JSON and arrays, round-trips byte for
//! byte, also on a server with `standard_conforming_strings = off` (where a backslash in
//! a string literal is an escape); the SQL text never depends on, or contains, a value.

use orm::Statement;
use orm::prelude::*;
use orm::testing::TestDb;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde::{Deserialize, Serialize};

use crate::support::{runtime, scaled};

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Payload {
    pub text: String,
    pub list: Vec<String>,
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "samples")]
pub struct Sample {
    #[column(primary_key, identity)]
    pub id: i64,
    pub text: String,
    pub bytes: Vec<u8>,
    pub tags: Vec<String>,
    pub payload: Json<Payload>,
}

/// Any text PostgreSQL can store (everything but NUL), weighted towards the
/// characters that quoting and escaping are about.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[\\\\'\"$;%_ \\-/*?\u{e9}\u{1F600}a1]{0,16}",]
        .prop_map(|s| s.replace('\0', ""))
}

fn sample(text: &str, bytes: &[u8]) -> NewSample {
    NewSample {
        text: text.to_owned(),
        bytes: bytes.to_owned(),
        tags: vec![text.to_owned(), format!("{text}{text}")],
        payload: Json(Payload { text: text.to_owned(), list: vec![text.to_owned()] }),
    }
}

fn round_trips_on(conforming: bool) {
    let rt = runtime();
    let test_db = rt.block_on(TestDb::with_schema(&orm_migrate::create_sql(&orm::schema![Sample])));
    let setting = if conforming { "on" } else { "off" };
    rt.block_on(test_db.batch_execute(&format!(
        "ALTER DATABASE \"{}\" SET standard_conforming_strings = {setting}",
        test_db.name()
    )))
    .unwrap();
    let db = rt.block_on(test_db.builder().max_size(1).connect()).unwrap();
    let seen: String = rt.block_on(orm::sql!("SHOW standard_conforming_strings").fetch_one(&db)).unwrap();
    assert_eq!(seen, setting, "the pool's sessions run with the setting");

    let baseline = {
        let v = "plain";
        (
            Sample::select().filter(Sample::TEXT.eq(v).and(Sample::TEXT.in_list([v]))).to_sql(),
            Sample::insert(sample(v, b"x")).to_sql(),
        )
    };
    let mut runner = TestRunner::new(Config { cases: scaled(128, 4_000) as u32, ..Config::default() });
    runner
        .run(&(text(), proptest::collection::vec(any::<u8>(), 0..32)), |(value, bytes)| {
            let rendered = (
                Sample::select()
                    .filter(Sample::TEXT.eq(&*value).and(Sample::TEXT.in_list([&*value])))
                    .to_sql(),
                Sample::insert(sample(&value, &bytes)).to_sql(),
            );
            assert_eq!(rendered, baseline, "the SQL text does not depend on the value");
            if value.len() >= 4 {
                assert!(!rendered.0.contains(&value) && !rendered.1.contains(&value), "{value:?} in the SQL");
            }
            rt.block_on(async {
                let stored = Sample::insert(sample(&value, &bytes)).returning().one(&db).await.unwrap();
                let by_eq = Sample::select()
                    .filter(Sample::TEXT.eq(&*value).and(Sample::ID.eq(stored.id)))
                    .one(&db)
                    .await
                    .unwrap();
                let by_list = Sample::select()
                    .filter(Sample::TEXT.in_list([value.clone()]).and(Sample::ID.eq(stored.id)))
                    .one(&db)
                    .await
                    .unwrap();
                let expected = sample(&value, &bytes);
                for row in [&stored, &by_eq, &by_list] {
                    assert_eq!(row.text.as_bytes(), value.as_bytes());
                    assert_eq!(row.bytes, bytes);
                    assert_eq!(row.tags, expected.tags);
                    assert_eq!(row.payload, expected.payload);
                }
                Sample::delete().filter(Sample::ID.eq(stored.id)).execute(&db).await.unwrap();
            });
            Ok(())
        })
        .unwrap();
}

#[test]
fn any_value_round_trips_byte_identical() {
    round_trips_on(true);
}

#[test]
fn any_value_round_trips_byte_identical_without_standard_conforming_strings() {
    round_trips_on(false);
}
