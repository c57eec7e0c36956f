//! `PoolerMode`: how statements travel when a connection pooler sits between the
//! application and PostgreSQL.

/// Whether a connection pooler in transaction mode (PgBouncer's `pool_mode =
/// transaction`, Supavisor on port 6543) sits between the application and the server.
///
/// Set with [`DbBuilder::pooler_mode`](super::DbBuilder::pooler_mode) or the URL
/// parameter `pooler_mode=transaction`. Without it, the first statement a transaction
/// pooler sends to another server session fails with
/// [`Error::TransactionPooler`](crate::Error::TransactionPooler), which names this option.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum PoolerMode {
    /// Each connection is one server session for its whole life: a direct connection,
    /// or a pooler in session mode. Statements are prepared once per connection and
    /// cached (the fastest way).
    #[default]
    Session,
    /// A transaction pooler: consecutive transactions of one connection may run on
    /// different server sessions, so nothing relies on session state between them.
    ///
    /// - Statements are sent unnamed: Parse, Bind and Execute in one round trip, as a
    ///   cached statement costs in session mode. The first time the pool meets a
    ///   statement it learns its parameter types inside a transaction (one round trip
    ///   more), from a named statement the server then forgets (`DEALLOCATE ALL`), so
    ///   that no named statement clashes with another client's on a shared server session.
    /// - A connection's first statement using an enum, domain or extension type looks up
    ///   every such type of the database at once (a few round trips per type, once per
    ///   connection). A connection that later meets a type created since is closed, and
    ///   the statement moves to another connection; inside a transaction it fails with
    ///   [`Error::StaleStatement`](crate::Error::StaleStatement), which
    ///   `transaction_with_retry` runs again.
    /// - Transactions, savepoints, pipelines and `copy_in` work as in session mode.
    /// - What needs one server session across statements refuses with
    ///   [`Error::NeedsSession`](crate::Error::NeedsSession):
    ///   [`Db::connection`](super::Db::connection),
    ///   [`Db::with_advisory_lock`](super::Db::with_advisory_lock) (take
    ///   `pg_advisory_xact_lock` in a transaction instead), and startup `options` such as
    ///   `statement_timeout` (set them on the role: `ALTER ROLE app SET ..`).
    /// - Session state is the pooler's: a session `SET` (or `set_config(.., false)`,
    ///   `LISTEN`, a temporary table) in raw SQL would change a server session that other
    ///   clients then get, and no reset from this side can undo it, so none is sent (in
    ///   session mode the pool resets a session raw SQL ran on before its next caller).
    ///   Use `SET LOCAL` or [`Transaction::set_local`](super::Transaction::set_local)
    ///   inside a transaction: the setting ends with it.
    Transaction,
}
