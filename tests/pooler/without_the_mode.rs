//! Without `PoolerMode::Transaction`, the first statement a transaction pooler sends to
//! a server session that lacks its prepared statement fails with the typed
//! `Error::TransactionPooler`, whose message names the option.

use orm::prelude::*;
use orm::testing::TestDb;
use orm::{Db, Error};
use tokio_postgres::error::SqlState;

use crate::schema::*;
use crate::support::{PgBouncer, PoolMode, Reuse, raw_client};

#[tokio::test]
async fn a_lost_prepared_statement_is_the_typed_error_naming_the_option() {
    let direct = TestDb::with_schema(&schema_sql()).await;
    // Two server sessions, the one released last handed out first.
    let bouncer = PgBouncer::start(PoolMode::Transaction, 2, Reuse::Lifo);
    let url = bouncer.url(direct.name());
    let db = Db::builder(&url).max_size(1).build().unwrap();
    let other = raw_client(&url).await;

    // Another client holds server session A; the pool's statement is prepared on B.
    other.batch_execute("BEGIN").await.unwrap();
    Member::select().filter(Member::EMAIL.eq("ada@x.io")).all(&db).await.unwrap();
    // A is released last, so the cached statement's next run goes to A, which lacks it.
    other.batch_execute("COMMIT").await.unwrap();
    let err = Member::select().filter(Member::EMAIL.eq("ada@x.io")).all(&db).await.unwrap_err();

    assert!(matches!(err, Error::TransactionPooler { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("PoolerMode::Transaction") && message.contains("pooler_mode=transaction"),
        "{message}"
    );
    assert!(matches!(err, Error::TransactionPooler { .. }), "{err:?}");
    let code = err.server_error().map(|db| db.code().clone());
    assert_eq!(code, Some(SqlState::INVALID_SQL_STATEMENT_NAME), "the server's error is kept");
}
