//! Statements sent unnamed, for a transaction pooler: Parse, Bind and Execute in one
//! round trip, with parameter types learned once per pool.
//!
//! The driver needs each parameter's type to send a statement unnamed, and only a
//! prepared (named) statement tells it. So a statement is first *learned*: prepared
//! inside a transaction (the caller's, or one of its own), which keeps one server
//! session for the driver's type lookups too, and then forgotten by the server
//! (`DEALLOCATE ALL`), so that no named statement outlives the transaction to clash
//! with another client's of the same name on that server session.
//!
//! The driver keeps its type-lookup statements (for enums, domains, extension types)
//! once it has prepared them; after `DEALLOCATE ALL` they are gone from the server, so
//! a connection can look types up during one learning only. That learning therefore
//! looks up every custom type of the database at once; a connection that later meets
//! a type created since is retired (closed) and the call moves to another connection
//! when nothing was sent yet ([`Error::StaleStatement`] inside a transaction).

use std::error::Error as _;
use std::sync::Arc;

use tokio_postgres::types::{Kind, Oid, Type, WrongType};
use tokio_postgres::{RowStream, SimpleQueryMessage, Statement};

use super::client::ClientRef;
use super::session::SessionState;
use super::statement_types::{Learned, Lookup, StatementTypes};
use crate::error::{Error, Result, is_lost_statement};
use crate::render::{BindParam, SqlWriter};

/// Every type of the database the driver does not know by itself: enums, domains,
/// ranges, extension base types, standalone composites, and their arrays (tables' row
/// types and their arrays are left out).
const CUSTOM_TYPES_SQL: &str = "SELECT t.oid FROM pg_catalog.pg_type t \
     JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace \
     LEFT JOIN pg_catalog.pg_type e ON e.oid = t.typelem AND t.typcategory = 'A' \
     LEFT JOIN pg_catalog.pg_class c ON c.oid = COALESCE(NULLIF(e.typrelid, 0), t.typrelid) \
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') \
     AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%' \
     AND t.typisdefined AND t.typtype <> 'p' AND (c.oid IS NULL OR c.relkind = 'c')";

/// Sends `sql` unnamed with `params` and returns its rows as they come; learns its
/// parameter types first when the pool does not know them yet.
pub(crate) async fn query(
    client: &ClientRef<'_>,
    types: &StatementTypes,
    sql: &str,
    params: &[BindParam<'_>],
) -> Result<RowStream> {
    let mut types_just_learned = false;
    loop {
        let (learned, close) = match types.lookup(&client.statement_cache, sql) {
            Lookup::Ready(learned) => (learned, None),
            Lookup::Learn => {
                types_just_learned = true;
                let mut learning = Learning::open(client, types);
                match learning.learn(sql).await {
                    Ok(learned) => (learned, Some(learning.close_script())),
                    Err(err) => return Err(learning.abandon(err).await),
                }
            }
        };
        let typed = params.iter().copied().zip(learned.params.iter().cloned());
        let outcome = match close {
            None => client.query_typed_raw(sql, typed).await,
            Some(close) => {
                // The learning ends in the same round trip as the statement.
                let (closed, outcome) =
                    tokio::join!(biased; end_learning(client, close), client.query_typed_raw(sql, typed));
                closed?;
                outcome
            }
        };
        match outcome {
            Ok(rows) => return Ok(rows),
            // A value no longer fits the kept type (a column changed type): nothing was
            // sent; learn the statement again, once.
            Err(err) if !types_just_learned && err.source().is_some_and(|cause| cause.is::<WrongType>()) => {
                types.forget(sql);
            }
            // The result holds a type this connection never looked up, and its lookup
            // statements are gone: the statement ran, its rows cannot be read.
            Err(err) if is_lost_statement(&err) => return Err(unusable(client, types, err, true)),
            Err(err) => return Err(err.into()),
        }
    }
}

/// Learns the parameter types of those of `sqls` the pool does not know yet, for a
/// pipeline, before any of them is sent. Returns the script that ends the learning,
/// when there was one, for the pipeline to send first.
pub(crate) async fn learn_all(
    client: &ClientRef<'_>,
    types: &StatementTypes,
    sqls: &[&str],
) -> Result<Option<&'static str>> {
    let mut unknown =
        sqls.iter().filter(|sql| matches!(types.lookup(&client.statement_cache, sql), Lookup::Learn));
    let Some(first) = unknown.next() else {
        return Ok(None);
    };
    let mut learning = Learning::open(client, types);
    for sql in std::iter::once(first).chain(unknown) {
        if let Err(err) = learning.learn(sql).await {
            return Err(learning.abandon(err).await);
        }
    }
    Ok(Some(learning.close_script()))
}

/// The column types of `sql` (a `COPY`'s probe), learned inside the transaction open
/// on `client` when the pool does not know them yet.
pub(crate) async fn column_types(
    client: &ClientRef<'_>,
    types: &StatementTypes,
    sql: &str,
) -> Result<Arc<[Type]>> {
    if let Lookup::Ready(learned) = types.lookup(&client.statement_cache, sql) {
        return Ok(learned.columns);
    }
    let mut learning = Learning::open(client, types);
    match learning.learn(sql).await {
        Ok(learned) => {
            end_learning(client, learning.close_script()).await?;
            Ok(learned.columns)
        }
        Err(err) => Err(learning.abandon(err).await),
    }
}

/// Sends the script that ends a learning that succeeded ([`Learning::close_script`]).
/// Should it fail, the learning's own transaction may still be open, and the client's
/// session is closed rather than pooled.
pub(crate) async fn end_learning(client: &ClientRef<'_>, close: &str) -> Result<()> {
    client.batch_execute(close).await?;
    client.set_learning_open(false);
    Ok(())
}

/// One learning on a connection, from its opening script to its closing one.
struct Learning<'c, 'a> {
    client: &'c ClientRef<'a>,
    types: &'c StatementTypes,
    /// No transaction was open: the learning runs in one of its own.
    own: bool,
    /// The connection had looked no custom type up: its lookups work until the end
    /// of this learning, and never after.
    fresh: bool,
    /// The script that opens the learning, sent with its first statement.
    open: Option<String>,
}

impl<'c, 'a> Learning<'c, 'a> {
    fn open(client: &'c ClientRef<'a>, types: &'c StatementTypes) -> Self {
        let own = !client.in_block();
        // A transaction whose BEGIN is still deferred begins first.
        let mut open = client.session_state().and_then(SessionState::take_begin).unwrap_or_default();
        if !open.is_empty() {
            open.push_str("; ");
        }
        if own {
            open.push_str("BEGIN; ");
            // Until the learning ends, a client dropped (a cancelled call) must not pool
            // its session inside this transaction.
            client.set_learning_open(true);
        }
        // A named statement left on this server session by another client would clash
        // with one of ours of the same name.
        open.push_str("DEALLOCATE ALL");
        let fresh = types.is_fresh(&client.statement_cache);
        Learning { client, types, own, fresh, open: Some(open) }
    }

    /// Learns the types of `sql` (and the custom types it uses).
    async fn learn(&mut self, sql: &str) -> Result<Learned> {
        let statement = self.prepare(sql, &[]).await?;
        let learned = self.types.record(&self.client.statement_cache, sql, &statement);
        // Closed on the server inside the learning's transaction.
        drop(statement);
        self.look_up_every_type().await?;
        Ok(learned)
    }

    /// Prepares `sql` (with the parameter types `declared`), sending the opening
    /// script first when it has not gone yet.
    async fn prepare(&mut self, sql: &str, declared: &[Type]) -> Result<Statement> {
        let prepared = match self.open.take() {
            Some(open) => {
                let (opened, prepared) = tokio::join!(biased; self.client.batch_execute(&open), self.client.prepare_typed(sql, declared));
                opened?;
                prepared
            }
            None => self.client.prepare_typed(sql, declared).await,
        };
        prepared.map_err(|err| match is_lost_statement(&err) {
            // The driver's type-lookup statement is gone: this connection looked types
            // up in an earlier learning, and cannot any more.
            true => unusable(self.client, self.types, err, false),
            false => err.into(),
        })
    }

    /// On a connection that has just looked its first custom types up, looks up every
    /// other custom type of the database too, while it still can: this connection
    /// will not need to look one up again (unless a type is created later).
    async fn look_up_every_type(&mut self) -> Result<()> {
        let cache = &self.client.statement_cache;
        if !self.fresh || self.types.is_fresh(cache) {
            return Ok(());
        }
        self.fresh = false;
        let listed = self.client.simple_query(CUSTOM_TYPES_SQL).await?;
        let missing: Vec<Type> = listed
            .iter()
            .filter_map(|message| match message {
                SimpleQueryMessage::Row(row) => row.get(0)?.parse::<Oid>().ok(),
                _ => None,
            })
            .filter(|&oid| !self.types.knows(cache, oid))
            .map(|oid| Type::new(String::new(), oid, Kind::Pseudo, String::new()))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        // `SELECT $1, $2, ..`, each parameter declared with one of the types: the
        // driver looks each up when the server describes the parameters.
        let mut w = SqlWriter::new();
        w.push_sql("SELECT ");
        for at in 0..missing.len() {
            if at > 0 {
                w.push_sql(", ");
            }
            w.push_bind(&NO_VALUE);
        }
        match self.prepare(&w.finish().0, &missing).await {
            Ok(statement) => {
                self.types.record_types(cache, &statement);
                Ok(())
            }
            Err(err) => {
                // A type the list named is gone already (dropped meanwhile): what the pool
                // learned may name it too.
                self.types.forget_all();
                Err(err)
            }
        }
    }

    /// The script that ends a learning that succeeded, sent with the next statement:
    /// the server forgets every named statement, and the learning's own transaction
    /// (which changed nothing) ends.
    fn close_script(&self) -> &'static str {
        if self.own { "ROLLBACK; DEALLOCATE ALL" } else { "DEALLOCATE ALL" }
    }

    /// Ends a learning that failed with `err`, and returns `err`. Its own transaction
    /// is rolled back and its statements forgotten; inside the caller's transaction,
    /// which the failure aborted, the rollback does both (pooler mode adds `DEALLOCATE
    /// ALL` to it).
    async fn abandon(self, err: Error) -> Error {
        if self.open.is_some() {
            // Nothing was sent: no transaction to end.
            self.client.set_learning_open(false);
            return err;
        }
        if self.own {
            // Should this fail too, the session is closed rather than pooled.
            let _ = end_learning(self.client, "ROLLBACK; DEALLOCATE ALL").await;
        } else if let Some(state) = self.client.session_state() {
            if err.is_server_error() {
                state.spoil();
            }
        }
        err
    }
}

/// A value for the `$n` of a statement that is only prepared, never run.
static NO_VALUE: Option<i32> = None;

/// Retires the connection (closed at its next checkout) and says why the statement
/// failed: [`Error::StaleStatement`], which a transaction run with retries runs again.
fn unusable(client: &ClientRef<'_>, types: &StatementTypes, err: tokio_postgres::Error, sent: bool) -> Error {
    types.retire(&client.statement_cache, sent);
    Error::StaleStatement { server: err }
}
