//! `StatementTypes`: what a pool in [`PoolerMode::Transaction`](super::PoolerMode)
//! knows of its statements' parameter types, and of the types each connection has
//! looked up.
//!
//! Data only: [`unnamed`](super::unnamed) learns what is recorded here.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError, RwLock, Weak};

use deadpool_postgres::{Object, Pool, StatementCache};
use tokio_postgres::Statement;
use tokio_postgres::types::{Oid, Type};

/// Statements longer than this are learned each time instead of kept: large
/// multi-row inserts whose text varies with the row count.
const MAX_KEPT_SQL_BYTES: usize = 16 * 1024;

/// A pool's knowledge of its statements' types, shared by its connections.
pub(crate) struct StatementTypes {
    /// The pool, for connections that replace retired ones.
    pool: Pool,
    /// Per SQL text: the parameter types, and the custom types its parameters and
    /// columns use.
    statements: RwLock<HashMap<Box<str>, Learned>>,
    /// Per connection: the custom types its client has looked up.
    connections: Mutex<Connections>,
}

/// What a statement needs to be sent unnamed.
#[derive(Clone)]
pub(crate) struct Learned {
    /// The parameter types, to send with the values.
    pub(crate) params: Arc<[Type]>,
    /// The column types (what `COPY` needs to encode rows).
    pub(crate) columns: Arc<[Type]>,
    /// Types the driver does not know by itself (enums, domains, extension types):
    /// a connection must have looked them up to encode or decode them.
    custom: Arc<[Oid]>,
}

#[derive(Default)]
struct Connections {
    /// Keyed by the address of the connection's statement cache, which the `Weak`
    /// keeps from being reused while the entry exists.
    by_cache: HashMap<usize, Known>,
    /// Dead entries are dropped when the map grows past this.
    prune_at: usize,
}

struct Known {
    cache: Weak<StatementCache>,
    /// Custom types the connection's client has looked up (and so holds).
    types: HashSet<Oid>,
    /// The connection cannot look up types any more and is closed at its next checkout.
    retired: Option<Retired>,
}

/// Why a connection was retired.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Retired {
    /// Before its statement was sent: the call may run again on another connection.
    Unsent,
    /// While reading its statement's result: the statement ran.
    Sent,
}

/// What a connection needs before it can send a statement unnamed.
pub(crate) enum Lookup {
    /// The types; the connection knows every custom type the statement uses.
    Ready(Learned),
    /// The statement, or a custom type it uses, must be learned on this connection first.
    Learn,
}

impl StatementTypes {
    pub(crate) fn new(pool: Pool) -> Self {
        StatementTypes {
            pool,
            statements: RwLock::default(),
            connections: Mutex::new(Connections { by_cache: HashMap::new(), prune_at: 64 }),
        }
    }

    /// Checks a connection out of the pool, closing the retired ones met on the way.
    pub(crate) async fn checkout(&self) -> Result<Object, deadpool_postgres::PoolError> {
        loop {
            let object = self.pool.get().await?;
            if !self.is_retired(&object.statement_cache) {
                return Ok(object);
            }
            self.connections().by_cache.remove(&key(&object.statement_cache));
            drop(Object::take(object));
        }
    }

    /// What `sql` needs on the connection whose statement cache is `cache`.
    pub(crate) fn lookup(&self, cache: &Arc<StatementCache>, sql: &str) -> Lookup {
        let Some(learned) = self.statements.read().unwrap_or_else(PoisonError::into_inner).get(sql).cloned()
        else {
            return Lookup::Learn;
        };
        if learned.custom.is_empty() {
            return Lookup::Ready(learned);
        }
        let connections = self.connections();
        match connections.by_cache.get(&key(cache)) {
            Some(known) if learned.custom.iter().all(|oid| known.types.contains(oid)) => {
                Lookup::Ready(learned)
            }
            _ => Lookup::Learn,
        }
    }

    /// The types of a statement prepared as `sql` on the connection: kept for the
    /// pool, and its custom types counted as looked up by the connection.
    pub(crate) fn record(&self, cache: &Arc<StatementCache>, sql: &str, statement: &Statement) -> Learned {
        let custom = custom_types(statement);
        self.note_looked_up(cache, &custom);
        let columns = statement.columns().iter().map(|column| column.type_().clone());
        let learned =
            Learned { params: statement.params().into(), columns: columns.collect(), custom: custom.into() };
        if sql.len() <= MAX_KEPT_SQL_BYTES {
            self.statements
                .write()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(sql.into(), learned.clone());
        }
        learned
    }

    /// Counts the custom types of `statement` as looked up by the connection.
    pub(crate) fn record_types(&self, cache: &Arc<StatementCache>, statement: &Statement) {
        self.note_looked_up(cache, &custom_types(statement));
    }

    /// Forgets what was learned of `sql` (its types no longer fit its values).
    pub(crate) fn forget(&self, sql: &str) {
        self.statements.write().unwrap_or_else(PoisonError::into_inner).remove(sql);
    }

    /// Forgets every statement (a type they used was dropped or replaced).
    pub(crate) fn forget_all(&self) {
        self.statements.write().unwrap_or_else(PoisonError::into_inner).clear();
    }

    /// Whether the connection has looked up no custom type yet (so its client can
    /// still look types up, inside a transaction).
    pub(crate) fn is_fresh(&self, cache: &Arc<StatementCache>) -> bool {
        self.connections().by_cache.get(&key(cache)).is_none_or(|known| known.types.is_empty())
    }

    /// Whether the connection's client has looked `oid` up.
    pub(crate) fn knows(&self, cache: &Arc<StatementCache>, oid: Oid) -> bool {
        self.connections().by_cache.get(&key(cache)).is_some_and(|known| known.types.contains(&oid))
    }

    /// Marks the connection unusable (it cannot look types up any more): it is closed
    /// at its next checkout. `sent`: its statement had been sent.
    pub(crate) fn retire(&self, cache: &Arc<StatementCache>, sent: bool) {
        let retired = if sent { Retired::Sent } else { Retired::Unsent };
        self.entry(cache, |known| known.retired = Some(retired));
    }

    /// Whether the connection was retired before its statement was sent, so the call
    /// may run again on another connection.
    pub(crate) fn retired_unsent(&self, cache: &Arc<StatementCache>) -> bool {
        self.connections()
            .by_cache
            .get(&key(cache))
            .is_some_and(|known| known.retired == Some(Retired::Unsent))
    }

    fn is_retired(&self, cache: &Arc<StatementCache>) -> bool {
        self.connections().by_cache.get(&key(cache)).is_some_and(|known| known.retired.is_some())
    }

    fn note_looked_up(&self, cache: &Arc<StatementCache>, custom: &[Oid]) {
        if !custom.is_empty() {
            self.entry(cache, |known| known.types.extend(custom.iter().copied()));
        }
    }

    /// Runs `change` on the connection's entry, made if missing.
    fn entry(&self, cache: &Arc<StatementCache>, change: impl FnOnce(&mut Known)) {
        let mut connections = self.connections();
        if connections.by_cache.len() >= connections.prune_at {
            connections.by_cache.retain(|_, known| known.cache.strong_count() > 0);
            connections.prune_at = (connections.by_cache.len() * 2).max(64);
        }
        let known = connections.by_cache.entry(key(cache)).or_insert_with(|| Known {
            cache: Arc::downgrade(cache),
            types: HashSet::new(),
            retired: None,
        });
        change(known);
    }

    fn connections(&self) -> std::sync::MutexGuard<'_, Connections> {
        self.connections.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The connection's identity: its statement cache's address.
fn key(cache: &Arc<StatementCache>) -> usize {
    Arc::as_ptr(cache) as usize
}

/// The types of the statement's parameters and columns the driver does not know by itself.
fn custom_types(statement: &Statement) -> Vec<Oid> {
    let columns = statement.columns().iter().map(|column| column.type_());
    let mut custom: Vec<Oid> = statement
        .params()
        .iter()
        .chain(columns)
        .filter(|ty| Type::from_oid(ty.oid()).is_none())
        .map(Type::oid)
        .collect();
    custom.sort_unstable();
    custom.dedup();
    custom
}
