//! Inserts, selects, updates, deletes, relation loads, an enum column, keyset pages, raw
//! `sql!` and prepared queries, each statement on whichever server session PgBouncer picks.

use chrono::{Duration, TimeZone};
use orm::prelude::*;
use orm::{Cursor, Page, prepare};

use crate::schema::*;
use crate::support::Bounced;

#[tokio::test]
async fn consecutive_statements_run_on_different_server_sessions() {
    let bounced = Bounced::new(&schema_sql(), 2).await;
    assert_eq!(
        bounced.server_sessions_seen(6).await,
        2,
        "the setup moves statements between server sessions"
    );
}

#[tokio::test]
async fn crud_relations_and_an_enum_column_work_twice_over() {
    let bounced = Bounced::new(&schema_sql(), 2).await;
    let db = &bounced.db;
    // Twice: the first round learns each statement's types, the second sends them as learned.
    for round in 0..2 {
        let ada = Member::insert(new_member(&format!("ada{round}@x.io"), Some(Role::Admin)))
            .returning()
            .one(db)
            .await
            .unwrap();
        assert_eq!(ada.role, Role::Admin);
        let guest = Member::insert(new_member(&format!("guest{round}@x.io"), Some(Role::Guest)))
            .returning()
            .one(db)
            .await
            .unwrap();
        let plain = Member::insert(new_member(&format!("plain{round}@x.io"), None))
            .returning()
            .one(db)
            .await
            .unwrap();
        assert_eq!(plain.role, Role::Member, "the server's default");

        let guests = Member::select().filter(Member::ROLE.eq(Role::Guest)).all(db).await.unwrap();
        assert_eq!(guests.len(), round + 1);
        assert!(guests.contains(&guest));

        let changed =
            Member::update().set(Member::SCORE, 7).filter(Member::ID.eq(ada.id)).execute(db).await.unwrap();
        assert_eq!(changed, 1);
        let ada = Member::select().filter(Member::ID.eq(ada.id)).one(db).await.unwrap();
        assert_eq!(ada.score, 7);

        for title in ["first", "second"] {
            Post::insert(NewPost { member_id: ada.id, title: title.to_owned() }).execute(db).await.unwrap();
        }
        let loaded: Vec<(Member, Vec<Post>)> = Member::select()
            .filter(Member::ID.eq(ada.id))
            .with(Member::posts().order_by(Post::ID))
            .all(db)
            .await
            .unwrap();
        assert_eq!(loaded.len(), 1);
        assert_eq!(loaded[0].1.iter().map(|p| p.title.as_str()).collect::<Vec<_>>(), ["first", "second"]);

        let deleted = Member::delete().filter(Member::ID.eq(plain.id)).execute(db).await.unwrap();
        assert_eq!(deleted, 1);
        assert!(Member::select().filter(Member::ID.eq(plain.id)).first(db).await.unwrap().is_none());
    }
}

#[tokio::test]
async fn raw_sql_and_prepared_queries_bind_and_decode_through_the_pooler() {
    let bounced = Bounced::new(&schema_sql(), 2).await;
    let db = &bounced.db;
    Member::insert(new_member("ada@x.io", Some(Role::Guest))).execute(db).await.unwrap();
    for _ in 0..3 {
        let (email, role): (String, Role) =
            sql!("SELECT email, role FROM members WHERE role = {} AND score >= {}", Role::Guest, 0)
                .fetch_one(db)
                .await
                .unwrap();
        assert_eq!((email.as_str(), role), ("ada@x.io", Role::Guest));
        let changed = sql!("UPDATE members SET score = score + {} WHERE email = {}", 1, "ada@x.io")
            .execute(db)
            .await
            .unwrap();
        assert_eq!(changed, 1);
    }
    let score: i32 = sql!("SELECT score FROM members").fetch_one(db).await.unwrap();
    assert_eq!(score, 3);

    // A prepared query: rendered once, sent unnamed with each value.
    let by_role = prepare(|role: Param<Role>| Member::select().filter(Member::ROLE.eq(role)));
    for _ in 0..2 {
        assert_eq!(by_role.all(db, Role::Guest).await.unwrap().len(), 1);
        assert!(by_role.all(db, Role::Admin).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn keyset_pages_see_every_row_once_in_order() {
    let bounced = Bounced::new(&schema_sql(), 2).await;
    let db = &bounced.db;
    let start = Utc.with_ymd_and_hms(2024, 5, 1, 12, 0, 0).unwrap();
    let events =
        (0..250).map(|i| NewEvent { created_at: start + Duration::minutes(i % 50), label: format!("e{i}") });
    Event::insert_many(events).execute(db).await.unwrap();

    let expected: Vec<i64> = Event::select()
        .order_by((Event::CREATED_AT.desc(), Event::ID.desc()))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    let mut seen = Vec::new();
    let mut cursor: Option<Cursor> = None;
    loop {
        let page: Page<Event> = Event::select()
            .order_by(Event::CREATED_AT.desc())
            .after(cursor.take())
            .limit(40)
            .page(db)
            .await
            .unwrap();
        seen.extend(page.rows.iter().map(|e| e.id));
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn the_url_parameter_alone_turns_the_pooler_mode_on() {
    let bounced = Bounced::new(&schema_sql(), 2).await;
    // Configured by environment: no `.pooler_mode(..)` in code, only the URL says so.
    let db = Db::builder(&format!("{}?pooler_mode=transaction", bounced.url())).max_size(1).build().unwrap();
    let err = db.connection().await.unwrap_err();
    assert!(matches!(err, orm::Error::NeedsSession { .. }), "the mode is on: {err:?}");
    // Statements keep working while consecutive ones move between server sessions.
    for n in 0..4 {
        Member::insert(new_member(&format!("m{n}@x.io"), Some(Role::Guest))).execute(&db).await.unwrap();
        let count = Member::select().filter(Member::ROLE.eq(Role::Guest)).count(&db).await.unwrap();
        assert_eq!(count, n + 1);
    }
}
