//! Scenario 10: 8 tasks × 10,000 transfers between accounts over a pool of 4
//! (250 each in CI), with unique and foreign-key violations provoked on purpose.
//! The sum of the balances is conserved, the server never sees more than 4
//! connections from the pool, and every violation is a typed error naming its
//! constraint.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::Duration;

use orm::Error;
use orm::prelude::*;
use orm::testing::TestDb;

use crate::support::scaled;

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "accounts")]
pub struct Account {
    #[column(primary_key)]
    pub id: i64,
    #[column(unique)]
    pub owner: String,
    #[column(check = "balance >= 0")]
    pub balance: i64,
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "transfers")]
pub struct Transfer {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(references(Account::ID))]
    pub from_id: i64,
    #[column(references(Account::ID))]
    pub to_id: i64,
    pub amount: i64,
}

const ACCOUNTS: i64 = 20;
const OPENING_BALANCE: i64 = 1_000;
const TASKS: u64 = 8;
const POOL: usize = 4;

/// The constraint of `table` whose definition mentions `column`, from the catalog.
async fn constraint_on(db: &Db, table: &str, column: &str, kind: &str) -> String {
    orm::sql!(
        "SELECT conname::text FROM pg_constraint WHERE conrelid = {}::text::regclass AND contype::text = {} \
         AND pg_get_constraintdef(oid) LIKE '%' || {} || '%'",
        table.to_owned(),
        kind.to_owned(),
        column.to_owned()
    )
    .fetch_one(db)
    .await
    .unwrap()
}

/// Moves `amount` from one account to another and records it, in one transaction.
/// Rows are locked in id order, so concurrent transfers cannot deadlock.
async fn transfer(db: &Db, from: i64, to: i64, amount: i64) -> orm::Result<()> {
    db.transaction(async |tx| {
        let moves = if from < to { [(from, -amount), (to, amount)] } else { [(to, amount), (from, -amount)] };
        for (id, delta) in moves {
            orm::sql!("UPDATE accounts SET balance = balance + {} WHERE id = {}", delta, id)
                .execute(tx)
                .await?;
        }
        Transfer::insert(NewTransfer { from_id: from, to_id: to, amount }).execute(tx).await?;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_transfers_conserve_the_total_and_report_every_violation() {
    let test_db = TestDb::with_schema(&orm_migrate::create_sql(&orm::schema![Account, Transfer])).await;
    let accounts =
        (1..=ACCOUNTS).map(|id| NewAccount { id, owner: format!("owner {id}"), balance: OPENING_BALANCE });
    Account::insert_many(accounts).execute(test_db.db()).await.unwrap();
    let unique = constraint_on(test_db.db(), "accounts", "owner", "u").await;
    let foreign = constraint_on(test_db.db(), "transfers", "to_id", "f").await;
    let mut config = test_db.config();
    config.application_name("soak");
    let db = orm::DbBuilder::from_config(config).max_size(POOL).connect().await.unwrap();
    let per_task = scaled(250, 10_000) as u64;

    // Watches the server's connections to this database from outside the pool.
    let watching = Arc::new(AtomicBool::new(true));
    let most_seen = Arc::new(AtomicI64::new(0));
    let watcher = {
        let observer = test_db.builder().max_size(1).connect().await.unwrap();
        let (watching, most_seen) = (watching.clone(), most_seen.clone());
        tokio::spawn(async move {
            while watching.load(Ordering::Relaxed) {
                let n: i64 = orm::sql!(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'soak'"
                )
                .fetch_one(&observer)
                .await
                .unwrap();
                most_seen.fetch_max(n, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
    };

    let mut tasks = tokio::task::JoinSet::new();
    for task in 0..TASKS {
        let (db, unique, foreign) = (db.clone(), unique.clone(), foreign.clone());
        tasks.spawn(async move {
            let (mut moved, mut refused) = (0u64, 0u64);
            for i in 0..per_task {
                // A cheap deterministic spread over the accounts.
                let from = ((task * 7 + i * 13) % ACCOUNTS as u64) as i64 + 1;
                let to = ((task * 11 + i * 17 + 1) % ACCOUNTS as u64) as i64 + 1;
                if from == to {
                    continue;
                }
                match i % 50 {
                    // An owner that exists already: a unique violation.
                    7 => {
                        let dup = NewAccount {
                            id: 1_000_000 + i as i64,
                            owner: format!("owner {from}"),
                            balance: 0,
                        };
                        match Account::insert(dup).execute(&db).await {
                            Err(Error::UniqueViolation { constraint, .. }) => assert_eq!(constraint, unique),
                            other => panic!("expected a unique violation, got {other:?}"),
                        }
                        refused += 1;
                    }
                    // A transfer to an account that does not exist: a foreign-key violation
                    // after the updates ran, so the whole transaction must roll back. (Zero,
                    // so that an account run dry cannot fail the check first.)
                    23 => {
                        match transfer(&db, from, ACCOUNTS + 1_000, 0).await {
                            Err(Error::ForeignKeyViolation { constraint, .. }) => {
                                assert_eq!(constraint, foreign)
                            }
                            other => panic!("expected a foreign-key violation, got {other:?}"),
                        }
                        refused += 1;
                    }
                    // More than the account holds: the check constraint refuses it.
                    31 => match transfer(&db, from, to, OPENING_BALANCE * ACCOUNTS + 1).await {
                        Err(Error::CheckViolation { constraint, .. }) => assert!(!constraint.is_empty()),
                        other => panic!("expected a check violation, got {other:?}"),
                    },
                    _ => match transfer(&db, from, to, 1 + (i % 5) as i64).await {
                        Ok(()) => moved += 1,
                        // Accounts may run dry under this traffic; that is the check doing its job.
                        Err(Error::CheckViolation { .. }) => {}
                        Err(err) => panic!("transfer {from} → {to}: {err}"),
                    },
                }
            }
            (moved, refused)
        });
    }
    let (mut moved, mut refused) = (0, 0);
    while let Some(done) = tasks.join_next().await {
        let (m, r) = done.unwrap();
        moved += m;
        refused += r;
    }
    watching.store(false, Ordering::Relaxed);
    watcher.await.unwrap();

    let total: Option<Decimal> = Account::select().columns(sum(Account::BALANCE)).one(&db).await.unwrap();
    assert_eq!(total, Some(Decimal::from(ACCOUNTS * OPENING_BALANCE)), "no money appeared or vanished");
    assert_eq!(Transfer::select().count(&db).await.unwrap(), moved, "one record per completed transfer");
    assert_eq!(Account::select().count(&db).await.unwrap(), ACCOUNTS as u64, "no duplicate account got in");
    assert!(refused >= TASKS * per_task / 50, "violations were provoked: {refused}");
    let most = most_seen.load(Ordering::Relaxed);
    assert!((1..=POOL as i64).contains(&most), "the pool kept to {POOL} server connections (saw {most})");
}
