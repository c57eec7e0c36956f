//! `EnumMeta`: a PostgreSQL enum type declared by `#[derive(PgEnum)]`.

/// A PostgreSQL enum type: its name and its labels in declaration order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnumMeta {
    /// The type name, e.g. `user_role`.
    pub name: &'static str,
    /// The labels, in the order `CREATE TYPE .. AS ENUM (..)` lists them.
    pub labels: &'static [&'static str],
}
