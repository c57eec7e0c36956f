//! Raw tokio-postgres through a connection pooler, written well for its pool mode: in
//! session mode statements prepared once and run with `query_raw`; in transaction mode
//! `query_typed_raw` (an unnamed statement with its parameter types, one round trip),
//! since a named statement would not outlive the transaction's server session.

use std::pin::pin;

use futures_util::TryStreamExt;
use tokio_postgres::types::{ToSql, Type};
use tokio_postgres::{Client, Row, RowStream, Statement};

use crate::pgbouncer::PoolMode;
use crate::raw::{self, POINT, USERS};
use crate::schema::User;

/// One raw client through the pooler.
pub struct RawPooled {
    client: Client,
    /// W1's and W2's statements, prepared once: in session mode only.
    prepared: Option<(Statement, Statement)>,
}

impl RawPooled {
    /// Connects to `url` (through the pooler) and prepares what `mode` allows.
    pub async fn connect(url: &str, mode: PoolMode) -> RawPooled {
        let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .expect("raw connects through PgBouncer");
        tokio::spawn(connection);
        let prepared = match mode {
            PoolMode::Session => Some((
                client.prepare(POINT).await.expect("prepare"),
                client.prepare(USERS).await.expect("prepare"),
            )),
            PoolMode::Transaction => None,
        };
        RawPooled { client, prepared }
    }

    pub async fn w1_point(&self, id: i32) -> User {
        let param: &(dyn ToSql + Sync) = &id;
        let stream = match &self.prepared {
            Some((point, _)) => self.client.query_raw(point, [param]).await,
            None => self.client.query_typed_raw(POINT, [(param, Type::INT4)]).await,
        };
        raw::user(&rows(stream).await[0], 0)
    }

    pub async fn w2_users(&self, n: i64) -> Vec<User> {
        let param: &(dyn ToSql + Sync) = &n;
        let stream = match &self.prepared {
            Some((_, users)) => self.client.query_raw(users, [param]).await,
            None => self.client.query_typed_raw(USERS, [(param, Type::INT8)]).await,
        };
        rows(stream).await.iter().map(|r| raw::user(r, 0)).collect()
    }
}

async fn rows(stream: Result<RowStream, tokio_postgres::Error>) -> Vec<Row> {
    let mut stream = pin!(stream.expect("query"));
    let mut rows = Vec::new();
    while let Some(row) = stream.try_next().await.expect("row") {
        rows.push(row);
    }
    rows
}
