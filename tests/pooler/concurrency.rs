//! Several pools at once through one PgBouncer with two server sessions: every server
//! session serves many client connections in turn, and no statement of one ever meets
//! another's (no SQLSTATE 26000 or 42P05).

use orm::prelude::*;
use orm::{Error, Isolation};

use crate::schema::*;
use crate::support::Bounced;

/// One client's share of the work: writes and reads with the enum column, a
/// transaction with a savepoint, a pipeline.
async fn work(db: &Db, pool: usize, task: usize, rounds: usize) -> Result<(), Error> {
    for round in 0..rounds {
        let email = format!("p{pool}-t{task}-r{round}@x.io");
        let role = [Role::Admin, Role::Member, Role::Guest][round % 3];
        let member = Member::insert(new_member(&email, Some(role))).returning().one(db).await?;
        Member::select().filter(Member::ROLE.eq(role)).limit(5).all(db).await?;
        db.transaction(async |tx| {
            Post::insert(NewPost { member_id: member.id, title: email.clone() }).execute(tx).await?;
            let _ = tx
                .transaction(async |sp| {
                    Member::update()
                        .set(Member::SCORE, 1)
                        .filter(Member::ID.eq(member.id))
                        .execute(sp)
                        .await?;
                    Err::<(), _>(Error::NotFound)
                })
                .await;
            Member::update().set(Member::SCORE, 2).filter(Member::ID.eq(member.id)).execute(tx).await
        })
        .await?;
        let (members, posts) = db
            .pipeline((
                Member::select().filter(Member::ID.eq(member.id)),
                Post::select().filter(Post::MEMBER_ID.eq(member.id)),
            ))
            .await?;
        assert_eq!((members[0].score, members[0].role, posts.len()), (2, role, 1));
        if round % 4 == 0 {
            db.transaction_with(Isolation::RepeatableRead, async |tx| Member::select().count(tx).await)
                .await?;
        }
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn four_pools_share_two_server_sessions_without_a_clash() {
    let bounced = Bounced::new(&schema_sql(), 2).await;
    let (pools, tasks, rounds) = (4, 6, 8);
    let mut running = Vec::new();
    for pool in 0..pools {
        let db = bounced.builder().max_size(3).build().unwrap();
        for task in 0..tasks {
            let db = db.clone();
            running.push(tokio::spawn(async move { work(&db, pool, task, rounds).await }));
        }
    }
    for task in running {
        task.await.unwrap().unwrap();
    }
    let members = Member::select().count(&bounced.db).await.unwrap();
    assert_eq!(members, (pools * tasks * rounds) as u64);
    assert!(bounced.named_statements_left(2).await.is_empty(), "no named statement outlived its transaction");
}
