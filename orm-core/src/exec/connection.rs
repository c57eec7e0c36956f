//! `Connection`: one connection held out of the pool, for a sequence of statements on the same session.

use deadpool_postgres::Object;

use super::client::{ClientRef, Executor};
use crate::error::Result;

/// A connection checked out of the pool with [`Db::connection`](super::Db::connection).
/// It goes back to the pool when dropped.
pub struct Connection {
    client: Object,
}

impl Connection {
    pub(crate) fn new(client: Object) -> Self {
        Connection { client }
    }
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection").finish_non_exhaustive()
    }
}

impl Executor for Connection {
    async fn client(&self) -> Result<ClientRef<'_>> {
        Ok(ClientRef::Borrowed(&self.client))
    }
}
