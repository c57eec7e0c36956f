//! Every column type round-trips through insert and select, as a value and as NULL,
//! including boundary values.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveTime, TimeZone};
use orm::Decimal;
use orm::prelude::*;
use orm::testing::TestDb;
use serde_json::json;

use crate::schema::{Profile, Role};

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "every_type")]
pub struct EveryType {
    #[column(primary_key, identity)]
    pub id: i64,
    pub boolean: bool,
    pub small: i16,
    pub int: i32,
    pub big: i64,
    pub real: f32,
    pub double: f64,
    pub text: String,
    #[column(varchar(40))]
    pub short_text: String,
    pub bytes: Vec<u8>,
    pub uuid: Uuid,
    pub at: DateTime<Utc>,
    pub local: NaiveDateTime,
    pub day: NaiveDate,
    pub time: NaiveTime,
    pub doc: Json<Profile>,
    pub map: Json<BTreeMap<String, Vec<i64>>>,
    pub value: serde_json::Value,
    pub role: Role,
    #[column(numeric(20, 4))]
    pub money: Decimal,
    pub amount: Decimal,
    pub ints: Vec<i32>,
    pub smalls: Vec<i16>,
    pub bigs: Vec<i64>,
    pub flags: Vec<bool>,
    pub texts: Vec<String>,
    pub uuids: Vec<Uuid>,
    pub doubles: Vec<f64>,
    pub reals: Vec<f32>,
    pub days: Vec<NaiveDate>,
    pub stamps: Vec<DateTime<Utc>>,
    pub locals: Vec<NaiveDateTime>,
    pub times: Vec<NaiveTime>,
    pub roles: Vec<Role>,
    pub amounts: Vec<Decimal>,
}

#[derive(Table, Debug, Clone, PartialEq, Default)]
#[table(name = "every_nullable")]
pub struct EveryNullable {
    #[column(primary_key, identity)]
    pub id: i64,
    pub boolean: Option<bool>,
    pub small: Option<i16>,
    pub int: Option<i32>,
    pub big: Option<i64>,
    pub real: Option<f32>,
    pub double: Option<f64>,
    pub text: Option<String>,
    #[column(varchar(40))]
    pub short_text: Option<String>,
    pub bytes: Option<Vec<u8>>,
    pub uuid: Option<Uuid>,
    pub at: Option<DateTime<Utc>>,
    pub local: Option<NaiveDateTime>,
    pub day: Option<NaiveDate>,
    pub time: Option<NaiveTime>,
    pub doc: Option<Json<Profile>>,
    pub value: Option<serde_json::Value>,
    pub role: Option<Role>,
    #[column(numeric(20, 4))]
    pub money: Option<Decimal>,
    pub ints: Option<Vec<i32>>,
    pub texts: Option<Vec<String>>,
    pub roles: Option<Vec<Role>>,
}

async fn types_db() -> TestDb {
    TestDb::with_schema(&orm_migrate::create_sql(&orm::schema![EveryType, EveryNullable])).await
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, micros: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap() + chrono::Duration::microseconds(i64::from(micros))
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn time(h: u32, m: u32, s: u32, micros: u32) -> NaiveTime {
    NaiveTime::from_hms_micro_opt(h, m, s, micros).unwrap()
}

/// Typical values.
fn typical() -> NewEveryType {
    NewEveryType {
        boolean: true,
        small: 12,
        int: 1234,
        big: 1_234_567_890_123,
        real: 1.5,
        double: 2.25,
        text: "hello, world".into(),
        short_text: "short".into(),
        bytes: vec![0, 1, 2, 255, 0],
        uuid: Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef),
        at: utc(2024, 2, 29, 13, 45, 30, 123_456),
        local: day(2024, 2, 29).and_time(time(13, 45, 30, 654_321)),
        day: day(2024, 2, 29),
        time: time(23, 59, 59, 999_999),
        doc: Json(Profile { plan: "pro".into(), tags: vec!["a".into(), "b".into()] }),
        map: Json(BTreeMap::from([("primes".into(), vec![2, 3, 5]), ("empty".into(), vec![])])),
        value: json!({"nested": {"list": [1, "two", null, true, 3.5]}, "unicode": "ünï ✓"}),
        role: Role::Guest,
        money: Decimal::new(123_456_789, 4),
        amount: Decimal::new(-5, 1),
        ints: vec![1, -2, 3],
        smalls: vec![i16::MIN, 0, i16::MAX],
        bigs: vec![i64::MIN, i64::MAX],
        flags: vec![true, false],
        texts: vec!["a".into(), "".into(), "with \"quotes\" and, commas".into(), "NULL".into()],
        uuids: vec![Uuid::nil(), Uuid::max()],
        doubles: vec![0.1, -0.0, 1e300],
        reals: vec![0.5, -1e30],
        days: vec![day(1999, 12, 31)],
        stamps: vec![utc(2000, 1, 1, 0, 0, 0, 1)],
        locals: vec![day(2000, 1, 1).and_time(time(0, 0, 0, 0))],
        times: vec![time(0, 0, 0, 0), time(12, 0, 0, 1)],
        roles: vec![Role::Admin, Role::Guest],
        amounts: vec![Decimal::new(1, 28), Decimal::MAX],
    }
}

/// The smallest values each type holds (and empty strings, bytes and arrays).
fn minimums() -> NewEveryType {
    NewEveryType {
        boolean: false,
        small: i16::MIN,
        int: i32::MIN,
        big: i64::MIN,
        real: f32::MIN,
        double: f64::MIN,
        text: String::new(),
        short_text: String::new(),
        bytes: Vec::new(),
        uuid: Uuid::nil(),
        at: utc(1901, 12, 13, 20, 45, 52, 0),
        local: day(1, 1, 1).and_time(time(0, 0, 0, 0)),
        day: day(-4713, 11, 24),
        time: time(0, 0, 0, 0),
        doc: Json(Profile::default()),
        map: Json(BTreeMap::new()),
        value: json!(null),
        role: Role::Admin,
        money: Decimal::new(-9_999_999_999_999_999, 4),
        amount: Decimal::MIN,
        ints: Vec::new(),
        smalls: Vec::new(),
        bigs: Vec::new(),
        flags: Vec::new(),
        texts: Vec::new(),
        uuids: Vec::new(),
        doubles: Vec::new(),
        reals: Vec::new(),
        days: Vec::new(),
        stamps: Vec::new(),
        locals: Vec::new(),
        times: Vec::new(),
        roles: Vec::new(),
        amounts: Vec::new(),
    }
}

/// The largest values each type holds, a 1 MiB string and non-ASCII text.
fn maximums() -> NewEveryType {
    NewEveryType {
        boolean: true,
        small: i16::MAX,
        int: i32::MAX,
        big: i64::MAX,
        real: f32::MAX,
        double: f64::MAX,
        text: "ü✓日本".repeat((1 << 20) / 11) + &"x".repeat(1 << 19),
        short_text: "ünïcödé ✓ 日本語 — forty characters max".chars().take(40).collect(),
        bytes: (0..=255).collect(),
        uuid: Uuid::max(),
        at: utc(9999, 12, 31, 23, 59, 59, 999_999),
        local: day(9999, 12, 31).and_time(time(23, 59, 59, 999_999)),
        day: day(9999, 12, 31),
        time: time(23, 59, 59, 999_999),
        doc: Json(Profile { plan: "x".repeat(10_000), tags: vec!["t".into(); 1000] }),
        map: Json(BTreeMap::from([("max".into(), vec![i64::MAX, i64::MIN])])),
        value: json!({"big": i64::MAX, "small": i64::MIN, "float": 1.5e300}),
        role: Role::Guest,
        money: Decimal::new(9_999_999_999_999_999, 4),
        amount: Decimal::MAX,
        ints: vec![i32::MAX; 1000],
        smalls: vec![i16::MAX],
        bigs: vec![i64::MAX],
        flags: vec![true; 3],
        texts: vec!["ü✓日本".into()],
        uuids: vec![Uuid::max()],
        doubles: vec![f64::MAX, f64::MIN_POSITIVE],
        reals: vec![f32::MAX, f32::MIN_POSITIVE],
        days: vec![day(9999, 12, 31)],
        stamps: vec![utc(9999, 12, 31, 23, 59, 59, 999_999)],
        locals: vec![day(9999, 12, 31).and_time(time(23, 59, 59, 999_999))],
        times: vec![time(23, 59, 59, 999_999)],
        roles: vec![Role::Member],
        amounts: vec![Decimal::MIN],
    }
}

/// What the stored row must equal: the inserted values under the id the database chose.
fn expected(id: i64, new: NewEveryType) -> EveryType {
    macro_rules! moved {
        ($($field:ident),*) => { EveryType { id, $($field: new.$field),* } };
    }
    moved!(
        boolean, small, int, big, real, double, text, short_text, bytes, uuid, at, local, day, time, doc,
        map, value, role, money, amount, ints, smalls, bigs, flags, texts, uuids, doubles, reals, days,
        stamps, locals, times, roles, amounts
    )
}

#[tokio::test]
async fn every_type_round_trips_typical_minimum_and_maximum_values() {
    let db = types_db().await;
    for (label, new) in [("typical", typical()), ("minimums", minimums()), ("maximums", maximums())] {
        let stored = EveryType::insert(new.clone()).returning().one(&*db).await.unwrap();
        assert_eq!(stored, expected(stored.id, new.clone()), "{label}: insert .. returning");
        let read = EveryType::select().filter(EveryType::ID.eq(stored.id)).one(&*db).await.unwrap();
        assert_eq!(read, stored, "{label}: select");
    }
    let texts: Vec<String> =
        EveryType::select().columns(EveryType::TEXT).order_by(EveryType::ID).all(&*db).await.unwrap();
    assert!(texts[2].len() >= 1 << 20, "a string of over 1 MiB came back whole");
}

#[tokio::test]
async fn values_filter_by_their_own_type() {
    let db = types_db().await;
    let new = typical();
    EveryType::insert(new.clone()).execute(&*db).await.unwrap();
    EveryType::insert(minimums()).execute(&*db).await.unwrap();
    let hit = |cond: Condition<EveryType>| {
        let db = db.db().clone();
        async move { EveryType::select().filter(cond).count(&db).await.unwrap() }
    };
    assert_eq!(hit(EveryType::AT.eq(new.at)).await, 1);
    assert_eq!(hit(EveryType::LOCAL.eq(new.local)).await, 1);
    assert_eq!(hit(EveryType::DAY.lt(day(1970, 1, 1))).await, 1);
    assert_eq!(hit(EveryType::TIME.eq(new.time)).await, 1);
    assert_eq!(hit(EveryType::UUID.eq(new.uuid)).await, 1);
    assert_eq!(hit(EveryType::BYTES.eq(new.bytes.clone())).await, 1);
    assert_eq!(hit(EveryType::MONEY.eq(new.money)).await, 1);
    assert_eq!(hit(EveryType::ROLE.in_list([Role::Guest])).await, 1);
    assert_eq!(hit(EveryType::INTS.eq(Vec::<i32>::new())).await, 1);
    assert_eq!(hit(EveryType::VALUE.eq(new.value.clone())).await, 1);
    assert_eq!(hit(EveryType::SHORT_TEXT.like("sh%")).await, 1);
    assert_eq!(hit(EveryType::BIG.between(i64::MIN, 0)).await, 1);
}

#[tokio::test]
async fn float_specials_round_trip() {
    let db = types_db().await;
    for (real, double) in
        [(f32::NAN, f64::NAN), (f32::INFINITY, f64::INFINITY), (f32::NEG_INFINITY, f64::NEG_INFINITY)]
    {
        let mut new = typical();
        new.real = real;
        new.double = double;
        new.doubles = vec![double, f64::NAN, -0.0];
        new.reals = vec![real];
        let stored = EveryType::insert(new).returning().one(&*db).await.unwrap();
        let same_f32 = |a: f32, b: f32| (a.is_nan() && b.is_nan()) || a == b;
        let same_f64 = |a: f64, b: f64| (a.is_nan() && b.is_nan()) || a == b;
        assert!(same_f32(stored.real, real), "{} != {real}", stored.real);
        assert!(same_f64(stored.double, double), "{} != {double}", stored.double);
        assert!(same_f64(stored.doubles[0], double) && stored.doubles[1].is_nan());
        assert!(stored.doubles[2] == 0.0 && stored.doubles[2].is_sign_negative(), "-0.0 keeps its sign");
        assert!(same_f32(stored.reals[0], real));
    }
}

#[tokio::test]
async fn varchar_length_is_enforced_by_the_server() {
    let db = types_db().await;
    let mut new = typical();
    new.short_text = "x".repeat(41);
    let err = EveryType::insert(new).execute(&*db).await.unwrap_err();
    assert!(err.to_string().contains("value too long for type character varying(40)"), "{err}");
}

/// The insert struct holding a row's values (the id is the database's).
fn as_new(row: EveryNullable) -> NewEveryNullable {
    macro_rules! moved {
        ($($field:ident),*) => { NewEveryNullable { $($field: row.$field),* } };
    }
    moved!(
        boolean, small, int, big, real, double, text, short_text, bytes, uuid, at, local, day, time, doc,
        value, role, money, ints, texts, roles
    )
}

#[tokio::test]
async fn every_nullable_type_round_trips_null_and_values() {
    let db = types_db().await;
    let stored = EveryNullable::insert(as_new(EveryNullable::default())).returning().one(&*db).await.unwrap();
    assert_eq!(
        stored,
        EveryNullable { id: stored.id, ..EveryNullable::default() },
        "every field came back NULL"
    );
    let t = typical();
    let values = NewEveryNullable {
        boolean: Some(t.boolean),
        small: Some(t.small),
        int: Some(t.int),
        big: Some(t.big),
        real: Some(t.real),
        double: Some(t.double),
        text: Some(t.text.clone()),
        short_text: Some(t.short_text.clone()),
        bytes: Some(t.bytes.clone()),
        uuid: Some(t.uuid),
        at: Some(t.at),
        local: Some(t.local),
        day: Some(t.day),
        time: Some(t.time),
        doc: Some(t.doc.clone()),
        value: Some(t.value.clone()),
        role: Some(t.role),
        money: Some(t.money),
        ints: Some(Vec::new()),
        texts: Some(t.texts.clone()),
        roles: Some(t.roles.clone()),
    };
    let stored = EveryNullable::insert(values.clone()).returning().one(&*db).await.unwrap();
    macro_rules! moved {
        ($($field:ident),*) => { EveryNullable { id: stored.id, $($field: values.$field),* } };
    }
    let expected = moved!(
        boolean, small, int, big, real, double, text, short_text, bytes, uuid, at, local, day, time, doc,
        value, role, money, ints, texts, roles
    );
    assert_eq!(stored, expected, "every field came back as written");
    assert_eq!(stored.ints, Some(Vec::new()), "an empty array is not NULL");
    assert_eq!(
        EveryNullable::select().filter(EveryNullable::INTS.is_null()).count(&*db).await.unwrap(),
        1,
        "only the first row holds NULL"
    );
}
