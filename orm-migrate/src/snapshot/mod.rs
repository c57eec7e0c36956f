//! Snapshots: a schema as plain data (JSON on disk), what `generate` diffs and
//! what introspection reads back from a live database.

mod from_schema;
mod model;
mod normalize;

pub use model::{
    CheckSnapshot, ColumnSnapshot, EnumSnapshot, ForeignKeySnapshot, IndexKey, IndexSnapshot, KeySnapshot,
    Snapshot, SnapshotError, TableSnapshot,
};
pub(crate) use normalize::{normalize_default, normalize_expr, string_constant};
