//! A test database reached through a PgBouncer in transaction mode (tests/support/pgbouncer.rs)
//! that the test starts in front of the server at DATABASE_URL.

use orm::testing::TestDb;
use orm::{Db, DbBuilder, PoolerMode};

pub use crate::pgbouncer::{PgBouncer, PoolMode, Reuse};

/// A test database, created on DATABASE_URL's server, reached through a PgBouncer.
///
/// Fields drop in order: the pool through PgBouncer, PgBouncer, then the database.
pub struct Bounced {
    /// A pool through PgBouncer in [`PoolerMode::Transaction`].
    pub db: Db,
    /// The PgBouncer in front of the database.
    pub bouncer: PgBouncer,
    /// The database, directly (for setup and checks).
    pub direct: TestDb,
}

impl Bounced {
    /// A database with `schema_sql` applied, and PgBouncer with `server_sessions`
    /// server connections in front of it.
    pub async fn new(schema_sql: &str, server_sessions: u32) -> Bounced {
        let direct = TestDb::with_schema(schema_sql).await;
        let bouncer = PgBouncer::start(PoolMode::Transaction, server_sessions, Reuse::RoundRobin);
        let db = Bounced::builder_for(&bouncer, &direct).build().expect("a pool through PgBouncer");
        let bounced = Bounced { db, bouncer, direct };
        bounced.open_server_sessions(server_sessions).await;
        bounced
    }

    /// Holds `count` transactions open at once, so that PgBouncer opens that many
    /// server sessions now rather than one by one.
    pub async fn open_server_sessions(&self, count: u32) {
        let mut held = Vec::new();
        for _ in 0..count {
            let client = raw_client(&self.url()).await;
            client.batch_execute("BEGIN").await.expect("BEGIN through PgBouncer");
            held.push(client);
        }
        for client in held {
            client.batch_execute("COMMIT").await.expect("COMMIT through PgBouncer");
        }
    }

    /// How many different server sessions `statements` consecutive statements of one
    /// client connection ran on.
    pub async fn server_sessions_seen(&self, statements: usize) -> usize {
        let client = raw_client(&self.url()).await;
        let mut pids = std::collections::HashSet::new();
        for _ in 0..statements {
            let rows = client.simple_query("SELECT pg_backend_pid()").await.expect("a pid");
            pids.extend(rows.iter().filter_map(|message| match message {
                tokio_postgres::SimpleQueryMessage::Row(row) => row.get(0).map(str::to_owned),
                _ => None,
            }));
        }
        pids.len()
    }

    /// The named prepared statements left on each of the `count` server sessions
    /// (holding a transaction on each at once, so that every one is asked).
    pub async fn named_statements_left(&self, count: u32) -> Vec<String> {
        let mut held = Vec::new();
        let mut left = Vec::new();
        for _ in 0..count {
            let client = raw_client(&self.url()).await;
            let rows = client
                .simple_query("BEGIN; SELECT name FROM pg_prepared_statements")
                .await
                .expect("pg_prepared_statements through PgBouncer");
            left.extend(rows.iter().filter_map(|message| match message {
                tokio_postgres::SimpleQueryMessage::Row(row) => row.get(0).map(str::to_owned),
                _ => None,
            }));
            held.push(client);
        }
        for client in held {
            client.batch_execute("COMMIT").await.expect("COMMIT through PgBouncer");
        }
        left
    }

    /// Settings for another pool through this PgBouncer, in transaction-pooler mode.
    pub fn builder(&self) -> DbBuilder {
        Bounced::builder_for(&self.bouncer, &self.direct)
    }

    fn builder_for(bouncer: &PgBouncer, direct: &TestDb) -> DbBuilder {
        Db::builder(&bouncer.url(direct.name())).pooler_mode(PoolerMode::Transaction).max_size(4)
    }

    /// The URL of the database through PgBouncer.
    pub fn url(&self) -> String {
        self.bouncer.url(self.direct.name())
    }
}

/// A driver-level client (no pool, no orm), for what the tests do on the side.
pub async fn raw_client(url: &str) -> tokio_postgres::Client {
    let (client, connection) =
        tokio_postgres::connect(url, tokio_postgres::NoTls).await.expect("a connection through PgBouncer");
    tokio::spawn(connection);
    client
}
