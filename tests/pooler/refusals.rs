//! What needs one server session across statements refuses in
//! `PoolerMode::Transaction`, saying what to do instead.

use orm::{Db, Error, PoolerMode};

use crate::schema::*;
use crate::support::Bounced;

#[tokio::test]
async fn a_held_connection_and_a_session_advisory_lock_refuse_with_what_to_do() {
    let bounced = Bounced::new(&schema_sql(), 2).await;
    let err = bounced.db.connection().await.unwrap_err();
    assert!(matches!(err, Error::NeedsSession { .. }), "{err:?}");
    assert!(err.to_string().contains("db.transaction("), "{err}");

    let err = bounced.db.with_advisory_lock(7, async |_| Ok::<_, Error>(())).await.unwrap_err();
    assert!(matches!(err, Error::NeedsSession { .. }), "{err:?}");
    assert!(err.to_string().contains("pg_advisory_xact_lock"), "{err}");
    let err = bounced.db.try_with_advisory_lock(7, async |_| Ok::<_, Error>(())).await.unwrap_err();
    assert!(matches!(err, Error::NeedsSession { .. }), "{err:?}");
}

#[tokio::test]
async fn startup_options_refuse_at_build_and_point_at_the_role() {
    let bounced = Bounced::new(&schema_sql(), 2).await;
    let url = format!("{}?options=-c%20statement_timeout%3D5s", bounced.url());
    let Err(err) = Db::builder(&url).pooler_mode(PoolerMode::Transaction).build() else {
        panic!("a pool in pooler mode was built with startup options");
    };
    assert!(matches!(err, Error::NeedsSession { .. }), "{err:?}");
    assert!(err.to_string().contains("ALTER ROLE"), "{err}");
    // Without the mode the same settings are accepted (PgBouncer itself then refuses them).
    assert!(Db::builder(&url).build().is_ok());
}
