//! Pipelines and `copy_in` through PgBouncer.

use orm::Error;
use orm::prelude::*;

use crate::schema::*;
use crate::support::Bounced;

#[tokio::test]
async fn a_pipeline_gives_each_result_in_order_before_and_after_its_types_are_learned() {
    let bounced = Bounced::new(&schema_sql(), 2).await;
    let db = &bounced.db;
    let ada = Member::insert(new_member("ada@x.io", Some(Role::Admin))).returning().one(db).await.unwrap();
    Post::insert(NewPost { member_id: ada.id, title: "hello".into() }).execute(db).await.unwrap();
    for score in [3, 4] {
        let (members, posts, updated) = db
            .pipeline((
                Member::select().filter(Member::ROLE.eq(Role::Admin)),
                Post::select().filter(Post::MEMBER_ID.eq(ada.id)),
                Member::update().set(Member::SCORE, score).filter(Member::ID.eq(ada.id)),
            ))
            .await
            .unwrap();
        assert_eq!(members.len(), 1);
        assert_eq!(posts[0].title, "hello");
        assert_eq!(updated, 1);
    }
    // The first statement of a transaction may be a pipeline: BEGIN goes first.
    let (inserted, counted) = db
        .transaction(async |tx| {
            tx.pipeline((
                Member::insert(new_member("in tx@x.io", Some(Role::Guest))),
                Post::select().filter(Post::MEMBER_ID.eq(ada.id)),
            ))
            .await
        })
        .await
        .unwrap();
    assert_eq!((inserted, counted.len()), (1, 1));
    assert_eq!(Member::select().count(db).await.unwrap(), 2);
    let ada = Member::select().filter(Member::ID.eq(ada.id)).one(db).await.unwrap();
    assert_eq!(ada.score, 4);
}

fn members(count: usize, prefix: &str) -> Vec<NewMember> {
    // Every third row gives a role; the others leave it to the server (a second COPY).
    (0..count)
        .map(|i| new_member(&format!("{prefix}{i}@x.io"), (i % 3 == 0).then_some(Role::Guest)))
        .collect()
}

#[tokio::test]
async fn copy_in_loads_every_row_or_none() {
    let bounced = Bounced::new(&schema_sql(), 2).await;
    let db = &bounced.db;
    for round in 0..2 {
        let loaded = Member::copy_in(members(300, &format!("r{round}-"))).execute(db).await.unwrap();
        assert_eq!(loaded, 300);
    }
    let guests = Member::select().filter(Member::ROLE.eq(Role::Guest)).count(db).await.unwrap();
    assert_eq!(guests, 200);
    assert_eq!(Member::select().count(db).await.unwrap(), 600);

    let mut failing = members(10, "dup");
    failing.push(new_member("dup1@x.io", None)); // the same email as row 1, in the second group
    let err = Member::copy_in(failing).execute(db).await.unwrap_err();
    assert!(matches!(err, Error::UniqueViolation { .. }), "{err:?}");
    assert_eq!(Member::select().count(db).await.unwrap(), 600);

    let outcome: Result<(), Error> = db
        .transaction(async |tx| {
            Member::copy_in(members(50, "tx")).execute(tx).await?;
            assert_eq!(Member::select().count(tx).await?, 650);
            Err(Error::NotFound)
        })
        .await;
    assert!(matches!(outcome, Err(Error::NotFound)));
    assert_eq!(Member::select().count(db).await.unwrap(), 600);
    assert!(bounced.named_statements_left(2).await.is_empty(), "COPY's named statements were deallocated");
}
