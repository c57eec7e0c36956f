//! `PoolerMode`: how statements travel when a connection pooler sits between the
//! application and PostgreSQL.

/// Whether a connection pooler in transaction mode (PgBouncer's `pool_mode =
/// transaction`, Supavisor on port 6543) sits between the application and the server.
///
/// Set with [`DbBuilder::pooler_mode`](super::DbBuilder::pooler_mode) or the URL
/// parameter `pooler_mode=transaction`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum PoolerMode {
    /// Each connection is one server session for its whole life: a direct connection,
    /// or a pooler in session mode. Statements are prepared once per connection and
    /// cached (the fastest way).
    #[default]
    Session,
    /// A transaction pooler: consecutive transactions of one connection may run on
    /// different server sessions. Statements are sent unnamed, and nothing relies on
    /// session state between transactions.
    Transaction,
}
