//! Keyset pagination: `.after(cursor).limit(n).page(&db)` sees every row once and in
//! order while rows are inserted between pages, in any mix of directions and with
//! NULLs; cursors round-trip every orderable type exactly, and a changed, cut or
//! foreign cursor is refused before anything is sent.

use chrono::{Duration, NaiveDate, NaiveTime, TimeZone};
use orm::prelude::*;
use orm::render::SqlWriter;
use orm::testing::TestDb;
use orm::{Cursor, Decimal, Error, Page};

use crate::schema::Role;

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "events")]
#[index(columns(created_at, id))]
pub struct Event {
    #[column(primary_key, identity)]
    pub id: i64,
    pub created_at: DateTime<Utc>,
    pub label: String,
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "players")]
pub struct Player {
    #[column(primary_key, identity)]
    pub id: i32,
    pub team: String,
    pub score: Option<i32>,
    pub name: String,
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "key_types")]
pub struct KeyTypes {
    #[column(primary_key)]
    pub id: Uuid,
    pub small: i16,
    pub int: i32,
    pub big: i64,
    pub double: f64,
    pub flag: bool,
    pub text: String,
    pub uuid: Uuid,
    pub at: DateTime<Utc>,
    pub local: NaiveDateTime,
    pub day: NaiveDate,
    pub time: NaiveTime,
    pub amount: Decimal,
    pub role: Role,
    pub maybe: Option<String>,
}

async fn events_db() -> TestDb {
    TestDb::with_schema(&orm_migrate::create_sql(&orm::schema![Event, Player])).await
}

fn base_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 5, 1, 12, 0, 0).unwrap()
}

/// `n` events, 40 to a timestamp (one every second for `n / 40` seconds).
async fn insert_events(db: &Db, n: i64) {
    let rows: Vec<NewEvent> = (0..n)
        .map(|i| NewEvent {
            created_at: base_time() + Duration::seconds(i % (n / 40)),
            label: format!("e{i}"),
        })
        .collect();
    Event::insert_many(rows).execute(db).await.unwrap();
}

async fn insert_event(db: &Db, created_at: DateTime<Utc>, label: &str) -> i64 {
    let new = NewEvent { created_at, label: label.to_owned() };
    Event::insert(new).returning().one(db).await.unwrap().id
}

#[tokio::test]
async fn paging_10_000_rows_sees_each_earlier_row_once_in_order_while_rows_arrive() {
    let db = events_db().await;
    insert_events(&db, 10_000).await;
    let expected: Vec<i64> = Event::select()
        .columns(Event::ID)
        .order_by((Event::CREATED_AT.desc(), Event::ID.desc()))
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(expected.len(), 10_000);

    let mut seen: Vec<Event> = Vec::new();
    let (mut passed, mut ahead) = (Vec::new(), Vec::new());
    let mut cursor: Option<Cursor> = None;
    let mut pages = 0;
    loop {
        let page: Page<Event> = Event::select()
            .order_by(Event::CREATED_AT.desc())
            .after(cursor.take())
            .limit(97)
            .page(&*db)
            .await
            .unwrap();
        pages += 1;
        assert!(page.rows.len() <= 97);
        let Some(next) = page.next else {
            seen.extend(page.rows);
            break;
        };
        let last = page.rows.last().unwrap().clone();
        seen.extend(page.rows);
        // Sorting before the position: a newer row, and one tied with the last row
        // seen (a larger id, so before it in `id DESC`). Neither may show up.
        passed.push(insert_event(&db, base_time() + Duration::days(1), "newest").await);
        passed.push(insert_event(&db, last.created_at, "tie before").await);
        // Sorting after the position: older than every row so far. These show up at the end.
        let older = base_time() - Duration::days(1) - Duration::seconds(pages);
        ahead.push(insert_event(&db, older, "oldest").await);
        cursor = Some(next.to_string().parse().unwrap());
    }
    assert_eq!(pages, 10_000 / 97 + 2, "one page more for the rows inserted ahead");

    let ids: Vec<i64> = seen.iter().map(|e| e.id).collect();
    let earlier: Vec<i64> = ids.iter().copied().filter(|id| *id <= 10_000).collect();
    assert_eq!(earlier, expected, "every earlier row exactly once, in order");
    assert!(ids.iter().all(|id| !passed.contains(id)), "no row inserted behind the position is seen");
    assert_eq!(&ids[10_000..], ahead, "rows inserted ahead of the position come last, in order");
    let in_order = seen.windows(2).all(|w| (w[0].created_at, w[0].id) > (w[1].created_at, w[1].id));
    assert!(in_order, "the pages are in `created_at DESC, id DESC` order throughout");
}

async fn players_db() -> TestDb {
    let db = events_db().await;
    let teams = ["red", "blue", "green"];
    let rows: Vec<NewPlayer> = (0..60)
        .map(|i| NewPlayer {
            team: teams[i % 3].to_owned(),
            // Many ties, and a NULL every fifth row.
            score: (i % 5 != 0).then_some((i % 7) as i32),
            name: format!("p{:02}", (i * 17) % 23),
        })
        .collect();
    Player::insert_many(rows).execute(&*db).await.unwrap();
    db
}

/// Reads every page of `query` (size `size`) and returns the ids, checking that no
/// page but the last comes without a next cursor.
async fn page_ids<F>(db: &Db, size: u64, query: F) -> Vec<i32>
where
    F: Fn() -> orm::query::Select<Player>,
{
    let mut ids = Vec::new();
    let mut cursor = None;
    loop {
        let page = query().after(cursor).limit(size).page(db).await.unwrap();
        assert!(page.rows.len() <= size as usize);
        ids.extend(page.rows.iter().map(|p| p.id));
        match page.next {
            Some(next) => cursor = Some(next),
            None => return ids,
        }
    }
}

#[tokio::test]
async fn mixed_directions_and_nulls_page_in_the_order_of_the_full_query() {
    let db = players_db().await;
    macro_rules! same_order {
        (($($term:expr),+), $tie:expr) => {{
            let all: Vec<i32> = Player::select()
                .columns(Player::ID)
                .order_by(($($term,)+ $tie))
                .all(&*db)
                .await
                .unwrap();
            assert_eq!(all.len(), 60);
            for size in [1, 4, 7] {
                let paged = page_ids(&db, size, || Player::select().order_by(($($term,)+))).await;
                assert_eq!(paged, all, "pages of {size} by {}", stringify!($($term),+));
            }
        }};
    }
    same_order!((Player::TEAM.asc(), Player::SCORE.desc()), Player::ID.desc());
    same_order!((Player::SCORE.desc(), Player::TEAM.asc()), Player::ID.asc());
    same_order!((Player::SCORE.asc(), Player::NAME.desc()), Player::ID.desc());
    same_order!((Player::SCORE.desc().nulls_last(), Player::NAME.asc()), Player::ID.asc());
    same_order!((Player::SCORE.asc().nulls_first(), Player::TEAM.desc()), Player::ID.desc());
    same_order!((Player::NAME.desc(), Player::TEAM.asc()), Player::ID.asc());
    same_order!((Player::SCORE.asc().nulls_first()), Player::ID.asc());
    same_order!((Player::SCORE.desc().nulls_last()), Player::ID.desc());
}

/// The cursor after the first row in this order.
async fn first_cursor(db: &Db, query: orm::query::Select<Player>) -> Cursor {
    query.limit(1).page(db).await.unwrap().next.unwrap()
}

#[tokio::test]
async fn mixed_directions_and_nulls_continue_with_the_expanded_condition() {
    let db = players_db().await;
    let mixed = || Player::select().order_by((Player::TEAM.asc(), Player::NAME.desc()));
    let cursor = first_cursor(&db, mixed()).await;
    let sql = mixed().after(cursor).limit(5).to_sql();
    let expected = r#"WHERE "players"."team" >= $1 AND ("players"."team" > $2 OR ("players"."team" = $3 AND "players"."name" < $4) OR ("players"."team" = $5 AND "players"."name" = $6 AND "players"."id" < $7)) ORDER BY "players"."team" ASC, "players"."name" DESC, "players"."id" DESC LIMIT $8"#;
    assert!(sql.ends_with(expected), "{sql}");

    // Ascending: NULLs sort last, so they follow any value.
    let nulls_last = || Player::select().order_by(Player::SCORE.asc());
    let cursor = first_cursor(&db, nulls_last()).await;
    let sql = nulls_last().after(cursor).limit(5).to_sql();
    let expected = r#"WHERE (("players"."score" > $1 OR "players"."score" IS NULL) OR ("players"."score" = $2 AND "players"."id" > $3)) ORDER BY"#;
    assert!(sql.contains(expected), "{sql}");

    // Descending: NULLs sort first; after a NULL come the other NULLs, then every value.
    let nulls_first = || Player::select().order_by(Player::SCORE.desc());
    let cursor = first_cursor(&db, nulls_first()).await;
    let sql = nulls_first().after(cursor).limit(5).to_sql();
    let expected = r#"WHERE ("players"."score" IS NOT NULL OR ("players"."score" IS NULL AND "players"."id" < $1)) ORDER BY"#;
    assert!(sql.contains(expected), "{sql}");
}

#[tokio::test]
async fn a_filter_and_a_partial_select_page_too() {
    let db = players_db().await;
    let all: Vec<(i32, String)> = Player::select()
        .columns((Player::ID, Player::NAME))
        .filter(Player::TEAM.ne("blue").or(Player::SCORE.is_null()))
        .order_by((Player::NAME.desc(), Player::ID.desc()))
        .all(&*db)
        .await
        .unwrap();
    let mut paged = Vec::new();
    let mut cursor = None;
    loop {
        let page = Player::select()
            .columns((Player::ID, Player::NAME))
            .filter(Player::TEAM.ne("blue").or(Player::SCORE.is_null()))
            .order_by(Player::NAME.desc())
            .after(cursor)
            .limit(6)
            .page(&*db)
            .await
            .unwrap();
        paged.extend(page.rows);
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(paged, all);
}

#[tokio::test]
async fn the_last_page_has_no_next_cursor() {
    let db = events_db().await;
    insert_events(&db, 80).await;
    let first = Event::select().order_by(Event::CREATED_AT).limit(40).page(&*db).await.unwrap();
    assert_eq!(first.rows.len(), 40);
    let cursor = first.next.expect("40 more rows follow");
    let second =
        Event::select().order_by(Event::CREATED_AT).after(cursor).limit(40).page(&*db).await.unwrap();
    assert_eq!(second.rows.len(), 40);
    assert_eq!(second.next, None, "exactly a page of rows left: no empty page follows");

    let empty = Player::select().order_by(Player::NAME).after(None).limit(10).page(&*db).await.unwrap();
    assert_eq!((empty.rows, empty.next), (vec![], None));
}

fn key_row(i: usize) -> KeyTypes {
    // Values repeat (ties) with different periods, and reach awkward corners: negative
    // numbers, timestamps to the microsecond, numerics with trailing zeros, non-ASCII text.
    let n = (i % 9) as i64 - 4;
    let day = NaiveDate::from_ymd_opt(1999, 12, 31).unwrap() + Duration::days(n * 400);
    KeyTypes {
        id: Uuid::from_u128(0x1000 + i as u128),
        small: (n * 1000) as i16,
        int: (i % 4) as i32 * -7,
        big: n * 1_000_000_000_007,
        double: n as f64 / 3.0,
        flag: i % 2 == 0,
        text: ["", "a", "A", "ä", "z z", "Zürich", "🦀", "a-b"][i % 8].to_owned(),
        uuid: Uuid::from_u128(u128::MAX / 7 * (i % 5) as u128),
        at: Utc.timestamp_micros(1_700_000_000_123_457 + n * 86_400_000_001).unwrap(),
        local: day.and_hms_micro_opt(23, 59, 59, 999_999).unwrap() + Duration::microseconds(n),
        day,
        time: NaiveTime::from_hms_micro_opt(12, 0, 0, 1).unwrap() + Duration::microseconds(n * 7),
        amount: Decimal::new(150 * n, 2 + (i % 2) as u32),
        role: [Role::Admin, Role::Member, Role::Guest][i % 3],
        maybe: (i % 4 != 0).then(|| format!("m{}", i % 6)),
    }
}

async fn paged_by<V: orm::ColumnType>(db: &Db, column: Column<KeyTypes, V>, descending: bool) -> Vec<Uuid> {
    let mut ids = Vec::new();
    let mut cursor: Option<Cursor> = None;
    loop {
        let order = if descending { column.desc() } else { column.asc() };
        let page = KeyTypes::select()
            .columns(KeyTypes::ID)
            .order_by(order)
            .after(cursor.take())
            .limit(4)
            .page(db)
            .await
            .unwrap();
        ids.extend(page.rows);
        match page.next {
            // Through the string form, as a client would send it back.
            Some(next) => cursor = Some(next.to_string().parse().unwrap()),
            None => return ids,
        }
    }
}

async fn all_by<V: orm::ColumnType>(db: &Db, column: Column<KeyTypes, V>, descending: bool) -> Vec<Uuid> {
    let query = KeyTypes::select().columns(KeyTypes::ID);
    let query = if descending {
        query.order_by((column.desc(), KeyTypes::ID.desc()))
    } else {
        query.order_by((column.asc(), KeyTypes::ID.asc()))
    };
    query.all(db).await.unwrap()
}

#[tokio::test]
async fn cursor_values_of_every_orderable_type_round_trip_exactly() {
    let db = TestDb::with_schema(&orm_migrate::create_sql(&orm::schema![KeyTypes])).await;
    let rows: Vec<NewKeyTypes> = (0..45)
        .map(|i| {
            let r = key_row(i);
            NewKeyTypes {
                id: r.id,
                small: r.small,
                int: r.int,
                big: r.big,
                double: r.double,
                flag: r.flag,
                text: r.text,
                uuid: r.uuid,
                at: r.at,
                local: r.local,
                day: r.day,
                time: r.time,
                amount: r.amount,
                role: r.role,
                maybe: r.maybe,
            }
        })
        .collect();
    KeyTypes::insert_many(rows).execute(&*db).await.unwrap();
    macro_rules! each_column {
        ($($column:expr),+ $(,)?) => {$(
            for descending in [false, true] {
                let paged = paged_by(&db, $column, descending).await;
                let all = all_by(&db, $column, descending).await;
                assert_eq!(all.len(), 45);
                assert_eq!(paged, all, "{} (descending: {descending})", stringify!($column));
            }
        )+};
    }
    each_column!(
        KeyTypes::ID,
        KeyTypes::SMALL,
        KeyTypes::INT,
        KeyTypes::BIG,
        KeyTypes::DOUBLE,
        KeyTypes::FLAG,
        KeyTypes::TEXT,
        KeyTypes::UUID,
        KeyTypes::AT,
        KeyTypes::LOCAL,
        KeyTypes::DAY,
        KeyTypes::TIME,
        KeyTypes::AMOUNT,
        KeyTypes::ROLE,
        KeyTypes::MAYBE,
    );
}

/// Every way to spoil a cursor, refused as `InvalidCursor` without a round trip.
#[tokio::test]
async fn changed_cut_and_foreign_cursors_are_refused_before_sending() {
    let test_db = events_db().await;
    insert_events(&test_db, 400).await;
    let (builder, trips) = test_db.counting_round_trips().await;
    let db = builder.max_size(1).build().unwrap();
    let conn = db.connection().await.unwrap();
    let newest = || Event::select().order_by(Event::CREATED_AT.desc()).limit(10);
    let cursor = newest().page(&conn).await.unwrap().next.unwrap();
    let oldest_first = Event::select().order_by(Event::CREATED_AT.asc()).limit(10).page(&conn).await;
    let foreign_order = oldest_first.unwrap().next.unwrap();
    let by_id = Event::select().order_by(Event::ID.desc()).limit(10).page(&conn).await;
    let foreign_shape = by_id.unwrap().next.unwrap();
    let other_pool = newest().page(&*test_db).await.unwrap().next.unwrap();
    // The untouched cursor works (and its statement is now prepared).
    newest().after(cursor.clone()).page(&conn).await.unwrap();
    trips.take();

    let refused = async |cursor: std::result::Result<Cursor, Error>| -> bool {
        let outcome = match cursor {
            Ok(cursor) => newest().after(cursor).page(&conn).await.map(|_| ()),
            Err(err) => Err(err),
        };
        matches!(outcome, Err(Error::InvalidCursor))
    };
    let text = cursor.to_string();
    for at in 0..text.len() {
        let mut changed = text.clone().into_bytes();
        changed[at] = if changed[at] == b'A' { b'B' } else { b'A' };
        let changed = String::from_utf8(changed).unwrap();
        assert!(refused(changed.parse()).await, "character {at} changed: {changed} was accepted");
    }
    for len in [0, 1, text.len() / 2, text.len() - 1] {
        assert!(refused(text[..len].parse()).await, "cut to {len} characters was accepted");
    }
    assert!(refused(format!("{text}A").parse()).await);
    assert!(refused("not a cursor".parse()).await);
    assert!(refused(Ok(foreign_order)).await, "a cursor of the opposite order");
    assert!(refused(Ok(foreign_shape)).await, "a cursor of another ORDER BY");
    assert!(refused(Ok(other_pool)).await, "a cursor signed by another pool's random key");
    assert_eq!(trips.take(), 0, "nothing was sent for any refused cursor");

    let err = newest().after(cursor).all(&conn).await.unwrap_err();
    assert!(matches!(err, Error::InvalidQuery(_)), "{err}");
    assert!(err.to_string().contains(".page(&db)"), "{err}");
    assert_eq!(trips.take(), 0, "a cursor is only sent by `.page`, which checks it");
    assert!(Error::InvalidCursor.to_string().contains("ask for the first page again"));
}

#[tokio::test]
async fn queries_that_cannot_be_paged_are_refused_before_sending() {
    let test_db = events_db().await;
    let (builder, trips) = test_db.counting_round_trips().await;
    let db = builder.max_size(1).build().unwrap();
    let conn = db.connection().await.unwrap();
    trips.take();

    let refusal = |outcome: orm::Result<Page<Event>>| match outcome {
        Err(Error::InvalidQuery(why)) => why,
        other => panic!("expected InvalidQuery, got {other:?}"),
    };
    let no_limit = refusal(Event::select().order_by(Event::CREATED_AT).page(&conn).await);
    assert!(no_limit.contains(".limit(n)"), "{no_limit}");
    let zero = refusal(Event::select().order_by(Event::CREATED_AT).limit(0).page(&conn).await);
    assert!(zero.contains("at least 1"), "{zero}");
    let offset = refusal(Event::select().order_by(Event::CREATED_AT).limit(5).offset(5).page(&conn).await);
    assert!(offset.contains("offset"), "{offset}");
    let distinct = refusal(Event::select().order_by(Event::CREATED_AT).distinct().limit(5).page(&conn).await);
    assert!(distinct.contains("distinct"), "{distinct}");
    let grouped = Event::select()
        .columns(Event::CREATED_AT)
        .group_by(Event::CREATED_AT)
        .order_by(Event::CREATED_AT)
        .limit(5)
        .page(&conn)
        .await;
    assert!(matches!(grouped, Err(Error::InvalidQuery(why)) if why.contains("grouped")));
    assert_eq!(trips.take(), 0);
}

#[tokio::test]
async fn connections_and_transactions_share_the_pools_key_and_a_set_key_outlives_the_pool() {
    let test_db = events_db().await;
    insert_events(&test_db, 120).await;
    let query = || Event::select().order_by(Event::CREATED_AT.desc()).limit(50);
    let cursor = query().page(&*test_db).await.unwrap().next.unwrap();
    let on_pool = query().after(cursor.clone()).page(&*test_db).await.unwrap();

    let conn = test_db.connection().await.unwrap();
    let on_conn = query().after(cursor.clone()).page(&conn).await.unwrap();
    assert_eq!(on_conn, on_pool);
    let in_tx = test_db.transaction(async |tx| query().after(cursor.clone()).page(tx).await).await.unwrap();
    assert_eq!(in_tx, on_pool);

    let secret = *b"0123456789abcdef0123456789abcdef";
    let before = test_db.builder().cursor_key(secret).build().unwrap();
    let signed = query().page(&before).await.unwrap().next.unwrap().to_string();
    drop(before);
    // A new pool (as after a restart) with the same key continues the same cursor.
    let after = test_db.builder().cursor_key(secret).build().unwrap();
    let continued = query().after(signed.parse::<Cursor>().unwrap()).page(&after).await.unwrap();
    assert_eq!(continued.rows, on_pool.rows);
    let other_key = test_db.builder().cursor_key([7; 32]).build().unwrap();
    let refused = query().after(signed.parse::<Cursor>().unwrap()).page(&other_key).await;
    assert!(matches!(refused, Err(Error::InvalidCursor)));
}

#[tokio::test]
async fn the_page_query_uses_the_order_index_and_no_offset() {
    let db = events_db().await;
    insert_events(&db, 10_000).await;
    db.batch_execute("ANALYZE events").await.unwrap();
    let query = || Event::select().order_by(Event::CREATED_AT.desc());
    let first = query().limit(20).page(&*db).await.unwrap();
    let page = query().after(first.next.unwrap()).limit(20);

    let (sql, plan) = explain(&db, &page).await;
    assert!(!sql.contains("OFFSET"), "{sql}");
    assert!(sql.contains(r#"WHERE ("events"."created_at", "events"."id") < ($1, $2)"#), "{sql}");
    assert!(sql.ends_with(r#"ORDER BY "events"."created_at" DESC, "events"."id" DESC LIMIT $3"#), "{sql}");
    assert!(plan.contains("Index Scan Backward using events_created_at_id_idx"), "{plan}");
    assert!(plan.contains("Index Cond: (ROW(created_at, id) < ROW("), "{plan}");
    assert!(!plan.contains("Sort"), "the index gives the order: {plan}");

    // Mixed directions: the leading bound on the first term starts the index scan at the cursor.
    let mixed = || Event::select().order_by((Event::CREATED_AT.desc(), Event::ID.asc()));
    let first = mixed().limit(20).page(&*db).await.unwrap();
    let page = mixed().after(first.next.unwrap()).limit(20);
    let (sql, plan) = explain(&db, &page).await;
    assert!(!sql.contains("OFFSET"), "{sql}");
    assert!(plan.contains("using events_created_at_id_idx"), "{plan}");
    assert!(plan.contains("Index Cond: (created_at <= "), "{plan}");
}

/// The SQL text of `query` and PostgreSQL's plan for it, with its bound values.
async fn explain(db: &Db, query: &impl Statement) -> (String, String) {
    let mut w = SqlWriter::new();
    query.render_part(0, &mut w);
    let (sql, params) = w.finish();
    let client = db.pool().get().await.unwrap();
    let rows = client.query(&format!("EXPLAIN {sql}"), &params).await.unwrap();
    let plan: Vec<String> = rows.iter().map(|row| row.get(0)).collect();
    (sql, plan.join("\n"))
}

#[tokio::test]
async fn explain_takes_a_keyset_page_and_checks_its_cursor() {
    let db = events_db().await;
    insert_events(&db, 2_000).await;
    db.batch_execute("ANALYZE events").await.unwrap();
    let query = || Event::select().order_by(Event::CREATED_AT.desc()).limit(20);
    let cursor = query().page(&*db).await.unwrap().next.unwrap();
    // `.explain(&db)` works on any select, a keyset page included (issue 9, point 6).
    let plan = query().after(cursor.clone()).explain(&*db).await.unwrap();
    assert!(plan.contains("using events_created_at_id_idx"), "{plan}");
    let plan = query().after(None).explain_analyze(&*db).await.unwrap();
    assert!(plan.contains("actual"), "{plan}");
    // A cursor signed with another key is refused there as well.
    let other = db.builder().cursor_key([9; 32]).build().unwrap();
    let refused = query().after(cursor).explain(&other).await;
    assert!(matches!(refused, Err(Error::InvalidCursor)), "{refused:?}");
}
