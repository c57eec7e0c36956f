//! `SqlArg`: what `sql!` binds as a value.

use postgres_types::ToSql;

use crate::types::ColumnType;

/// A value `sql!` can bind: any column type (owned), and `&str` / `&String` as text.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be bound as an SQL value",
    note = "`sql!` binds column types (i32, String, Uuid, Json<T>, Vec<T>, Option<T>, ..) and `&str`; pass owned values"
)]
pub trait SqlArg {
    /// The value, boxed for the statement to own.
    fn into_param(self) -> Box<dyn ToSql + Send + Sync>;
}

impl<V: ColumnType> SqlArg for V {
    fn into_param(self) -> Box<dyn ToSql + Send + Sync> {
        Box::new(self)
    }
}

impl SqlArg for &str {
    fn into_param(self) -> Box<dyn ToSql + Send + Sync> {
        Box::new(self.to_owned())
    }
}

impl SqlArg for &String {
    fn into_param(self) -> Box<dyn ToSql + Send + Sync> {
        Box::new(self.clone())
    }
}
