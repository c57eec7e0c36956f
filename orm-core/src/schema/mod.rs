//! Schema metadata: what the derives generate and what queries and orm-migrate read. Data only, no I/O.

mod column;
mod enum_meta;
mod schema_set;
mod sql_type;
mod table;

pub use column::{AuditRole, ColumnMeta, DefaultValue, FkAction, ForeignKey};
pub use enum_meta::EnumMeta;
pub use schema_set::{Schema, SchemaItem};
pub use sql_type::SqlType;
pub use table::{IndexMeta, TableMeta, ValidateHook};
