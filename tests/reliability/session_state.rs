//! Scenario 15 (issue 18, point 1): session state between callers of the pool. On a
//! pool of one connection, so that every caller gets the same server session, raw SQL
//! changes the session (a `SET`, `SET ROLE`, `SET SESSION AUTHORIZATION`, `set_config(.., false)`, a temporary table,
//! `LISTEN`, a session advisory lock, a `WITH HOLD` cursor) and the next caller must
//! find it as the pool opened it, the builder's startup `statement_timeout` included.
//! Typed statements after typed statements cost no reset.

use std::time::Duration;

use orm::prelude::*;
use orm::testing::{RoundTrips, TestDb};

/// The builder's `statement_timeout`, sent at startup: a reset must keep it.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "tenants")]
pub struct Tenant {
    #[column(primary_key)]
    pub id: i32,
    pub name: String,
}

/// What a caller can see of the session it got.
#[derive(Debug, PartialEq)]
struct SessionFacts {
    statement_timeout: String,
    search_path: String,
    current_user: String,
    tenant_setting: String,
    listening: i64,
    advisory_locks: i64,
    holdable_cursors: i64,
    temp_table: bool,
}

/// The server session's process id and what it shows.
async fn look(db: &impl Executor) -> (i32, SessionFacts) {
    let row: (i32, String, String, String, String, i64, i64, i64, bool) = sql!(
        "SELECT pg_backend_pid(), current_setting('statement_timeout'), current_setting('search_path'), \
         current_user::text, coalesce(current_setting('app.tenant', true), ''), \
         (SELECT count(*) FROM pg_listening_channels()), \
         (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()), \
         (SELECT count(*) FROM pg_cursors WHERE is_holdable), \
         to_regclass('pg_temp.scratch') IS NOT NULL"
    )
    .fetch_one(db)
    .await
    .unwrap();
    let facts = SessionFacts {
        statement_timeout: row.1,
        search_path: row.2,
        current_user: row.3,
        tenant_setting: row.4,
        listening: row.5,
        advisory_locks: row.6,
        holdable_cursors: row.7,
        temp_table: row.8,
    };
    (row.0, facts)
}

/// A database with a `tenants` table, and a pool of one connection on it.
async fn one_session() -> (TestDb, Db) {
    let test_db = TestDb::with_schema(&orm_migrate::create_sql(&orm::schema![Tenant])).await;
    let db = test_db.builder().max_size(1).statement_timeout(STARTUP_TIMEOUT).connect().await.unwrap();
    (test_db, db)
}

/// A change raw SQL makes to the session it runs on.
enum Leak {
    StatementTimeout,
    SearchPath,
    /// `SET ROLE` to a role of the test's own.
    Role,
    TenantSetting,
    TempTable,
    Listen,
    AdvisoryLock,
    HoldCursor,
}

impl Leak {
    /// Makes the change on `exec`'s session.
    async fn make(&self, exec: &impl Executor, role: &str) {
        let statement = match self {
            Leak::StatementTimeout => sql!("SET statement_timeout = '2min'"),
            Leak::SearchPath => sql!("SET search_path = nowhere"),
            Leak::Role => Sql::raw_unchecked(format!("SET ROLE \"{role}\"")),
            Leak::TenantSetting => sql!("SELECT set_config('app.tenant', {}, false)", "7"),
            Leak::TempTable => sql!("CREATE TEMP TABLE scratch (id int)"),
            Leak::Listen => sql!("LISTEN orders"),
            Leak::AdvisoryLock => sql!("SELECT pg_advisory_lock(15)"),
            Leak::HoldCursor => sql!("DECLARE leftover CURSOR WITH HOLD FOR SELECT 1"),
        };
        statement.execute(exec).await.unwrap();
    }

    /// Whether `facts` show the change.
    fn shows_in(&self, facts: &SessionFacts, role: &str) -> bool {
        match self {
            Leak::StatementTimeout => facts.statement_timeout == "2min",
            Leak::SearchPath => facts.search_path == "nowhere",
            Leak::Role => facts.current_user == role,
            Leak::TenantSetting => facts.tenant_setting == "7",
            Leak::TempTable => facts.temp_table,
            Leak::Listen => facts.listening == 1,
            Leak::AdvisoryLock => facts.advisory_locks == 1,
            Leak::HoldCursor => facts.holdable_cursors == 1,
        }
    }
}

/// A role of the test's own, for `SET ROLE` and `SET SESSION AUTHORIZATION`. Roles
/// belong to the whole server: its name carries the test database's.
async fn create_role(test_db: &TestDb) -> String {
    let role = format!("{}_tenant", test_db.name());
    test_db.batch_execute(&format!("CREATE ROLE \"{role}\"")).await.unwrap();
    role
}

async fn drop_role(test_db: &TestDb, role: &str) {
    test_db.batch_execute(&format!("DROP ROLE \"{role}\"")).await.unwrap();
}

/// Makes `leak` on the only session of a pool three ways (a statement on the pool, on
/// a held connection, inside a committed transaction) and checks each time that it
/// took effect and that the next caller finds the session as the pool opened it.
async fn leaves_no_trace(leak: Leak) {
    let (test_db, db) = one_session().await;
    let role = create_role(&test_db).await;
    let clean = look(&db).await;
    assert_eq!(clean.1.statement_timeout, "5s", "the builder's startup setting");
    assert!(!leak.shows_in(&clean.1, &role));

    leak.make(&db, &role).await;
    assert_eq!(
        look(&db).await,
        clean,
        "after a statement on the pool, the next caller finds the session clean"
    );

    let conn = db.connection().await.unwrap();
    leak.make(&conn, &role).await;
    let (_, changed) = look(&conn).await;
    assert!(leak.shows_in(&changed, &role), "the held connection keeps its change: {changed:?}");
    drop(conn);
    assert_eq!(look(&db).await, clean, "after a held connection, the next caller finds the session clean");

    db.transaction(async |tx| {
        leak.make(tx, &role).await;
        let (_, changed) = look(tx).await;
        // LISTEN takes effect when the transaction commits.
        let seen = leak.shows_in(&changed, &role) || matches!(leak, Leak::Listen);
        assert!(seen, "the transaction sees its change: {changed:?}");
        Ok::<_, orm::Error>(())
    })
    .await
    .unwrap();
    assert_eq!(
        look(&db).await,
        clean,
        "after a committed transaction, the next caller finds the session clean"
    );
    drop(db);
    drop_role(&test_db, &role).await;
}

/// One test per leak: `name => leak;`.
macro_rules! leaves_no_trace {
    ($($name:ident => $leak:expr;)+) => {$(
        #[tokio::test]
        async fn $name() {
            leaves_no_trace($leak).await;
        }
    )+};
}

leaves_no_trace! {
    a_statement_timeout_set_by_raw_sql_does_not_reach_the_next_caller => Leak::StatementTimeout;
    a_search_path_set_by_raw_sql_does_not_reach_the_next_caller => Leak::SearchPath;
    a_role_set_by_raw_sql_does_not_reach_the_next_caller => Leak::Role;
    a_session_wide_set_config_does_not_reach_the_next_caller => Leak::TenantSetting;
    a_temporary_table_does_not_reach_the_next_caller => Leak::TempTable;
    a_listen_does_not_reach_the_next_caller => Leak::Listen;
    a_leaked_session_advisory_lock_does_not_reach_the_next_caller => Leak::AdvisoryLock;
    a_cursor_held_past_its_transaction_does_not_reach_the_next_caller => Leak::HoldCursor;
}

#[tokio::test]
async fn a_script_on_the_pool_does_not_reach_the_next_caller() {
    let (test_db, db) = one_session().await;
    let role = create_role(&test_db).await;
    let clean = look(&db).await;
    db.batch_execute(&format!(
        "SET statement_timeout = '2min'; SET search_path = nowhere; SELECT set_config('app.tenant', '7', false); \
         CREATE TEMP TABLE scratch (id int); LISTEN orders; SELECT pg_advisory_lock(15); \
         SET SESSION AUTHORIZATION \"{role}\""
    ))
    .await
    .unwrap();
    assert_eq!(look(&db).await, clean, "the next caller finds the session clean");
    drop(db);
    drop_role(&test_db, &role).await;
}

/// A typed point select.
async fn tenant(db: &impl Executor) -> Tenant {
    Tenant::select().filter(Tenant::ID.eq(1)).one(db).await.unwrap()
}

/// A database with one tenant, and a pool of one connection on it whose round trips
/// are counted (its point select already in the statement cache).
async fn counted_session() -> (TestDb, Db, RoundTrips) {
    let test_db = TestDb::with_schema(&orm_migrate::create_sql(&orm::schema![Tenant])).await;
    Tenant::insert(NewTenant { id: 1, name: "acme".into() }).execute(test_db.db()).await.unwrap();
    let (builder, trips) = test_db.counting_round_trips().await;
    let db = builder.max_size(1).connect().await.unwrap();
    tenant(&db).await;
    (test_db, db, trips)
}

/// The round trips the next caller's typed point select costs.
async fn next_select_trips(db: &Db, trips: &RoundTrips) -> u64 {
    trips.take();
    tenant(db).await;
    trips.take()
}

#[tokio::test]
async fn typed_statements_cost_no_reset_and_raw_sql_costs_one_before_the_next_caller() {
    let (_test_db, db, trips) = counted_session().await;
    for _ in 0..3 {
        assert_eq!(next_select_trips(&db, &trips).await, 1, "typed after typed: one round trip each");
    }

    let renamed = Tenant::update().set(Tenant::NAME, "acme inc".to_owned()).filter(Tenant::ID.eq(1));
    renamed.execute(&db).await.unwrap();
    db.transaction(async |tx| Ok::<_, orm::Error>(tenant(tx).await)).await.unwrap();
    assert_eq!(
        next_select_trips(&db, &trips).await,
        1,
        "typed writes and transactions leave nothing to reset"
    );

    sql!("SET search_path = nowhere").execute(&db).await.unwrap();
    let after_raw = next_select_trips(&db, &trips).await;
    assert_eq!(
        after_raw, 2,
        "after raw SQL, the session is reset before the next caller: one round trip more"
    );
    assert_eq!(next_select_trips(&db, &trips).await, 1, "once reset, one round trip again");
}

#[tokio::test]
async fn set_local_holds_for_the_transaction_only_and_costs_no_reset() {
    let (_test_db, db, trips) = counted_session().await;
    let setting = || sql!("SELECT current_setting('app.tenant')");
    let seen = db
        .transaction(async |tx| {
            tx.set_local("app.tenant", "42").await?;
            let seen: String = setting().fetch_one(tx).await?;
            tx.set_local("app.tenant", "it's; 43").await?;
            let quoted: String = setting().fetch_one(tx).await?;
            Ok::<_, orm::Error>((seen, quoted))
        })
        .await
        .unwrap();
    assert_eq!(seen, ("42".into(), "it's; 43".into()), "the value is a bound parameter, taken as it is");
    let (_, after) = look(&db).await;
    assert_eq!(after.tenant_setting, "", "gone with the transaction");

    // Typed statements and set_local only: the next caller gets the session without a reset.
    tenant(&db).await;
    db.transaction(async |tx| {
        tx.set_local("app.tenant", "42").await?;
        Ok::<_, orm::Error>(tenant(tx).await)
    })
    .await
    .unwrap();
    assert_eq!(next_select_trips(&db, &trips).await, 1, "set_local leaves nothing to reset");
}

#[tokio::test]
async fn a_session_that_cannot_be_reset_is_closed_not_handed_out() {
    let (test_db, db) = one_session().await;
    let (pid, clean) = look(&db).await;
    sql!("SET search_path = nowhere").execute(&db).await.unwrap();
    // The pooled session dies while it waits, dirty, for its next caller: its reset fails.
    let ended: bool = sql!("SELECT pg_terminate_backend({})", pid).fetch_one(test_db.db()).await.unwrap();
    assert!(ended);
    let (new_pid, facts) = look(&db).await;
    assert_ne!(new_pid, pid, "a new session, not the one that could not be reset");
    assert_eq!(facts, clean);
}
