//! Relation key columns with their type erased into function pointers, so that
//! relation types name only their tables.

use postgres_types::ToSql;
use tokio_postgres::Row;

use crate::error::Result;
use crate::expr::Column;
use crate::row::decode;
use crate::table::Table;
use crate::types::{Key, KeyType};

/// A key column read from rows of `T` already decoded: the parent side of a relation
/// (the column whose value links to related rows), and the related side where the
/// matched column is the related table's own.
pub(crate) struct FieldKey<T> {
    pub(crate) name: &'static str,
    index: usize,
    read: fn(&T, usize) -> Option<Key>,
}

impl<T: Table> FieldKey<T> {
    pub(crate) fn new<V: KeyType>(column: Column<T, V>) -> Self {
        FieldKey { name: column.name(), index: column.index(), read: read_key::<T, V> }
    }

    /// The key of `row`, or `None` when it is NULL.
    pub(crate) fn key_of(&self, row: &T) -> Option<Key> {
        (self.read)(row, self.index)
    }
}

/// The related side: the column compared with the parents' keys (`"posts"."author_id"`,
/// or the junction's column for many_to_many).
pub(crate) struct MatchColumn {
    pub(crate) table: &'static str,
    pub(crate) name: &'static str,
    decode: fn(&Row, usize) -> Result<Option<Key>>,
    array: fn(&[&Key]) -> Box<dyn ToSql + Send + Sync>,
}

impl MatchColumn {
    pub(crate) fn new<T: Table, V: KeyType>(column: Column<T, V>) -> Self {
        MatchColumn {
            table: <T as Table>::NAME,
            name: column.name(),
            decode: decode_key::<V>,
            array: V::key_array,
        }
    }

    /// The key in result column `index`.
    pub(crate) fn decode_at(&self, row: &Row, index: usize) -> Result<Option<Key>> {
        (self.decode)(row, index)
    }

    /// `keys` as one array parameter of the column's type.
    pub(crate) fn array(&self, keys: &[&Key]) -> Box<dyn ToSql + Send + Sync> {
        (self.array)(keys)
    }
}

fn read_key<T: Table, V: KeyType>(row: &T, index: usize) -> Option<Key> {
    row.__field(index).downcast_ref::<V>().and_then(KeyType::key)
}

fn decode_key<V: KeyType>(row: &Row, index: usize) -> Result<Option<Key>> {
    Ok(decode::<V>(row, index)?.key())
}
