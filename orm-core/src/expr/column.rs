//! `Column<T, V>`: a typed column of table `T` holding values of type `V`.

use std::fmt;
use std::marker::PhantomData;

use super::{ExprNode, Expression};
use crate::schema::ColumnMeta;
use crate::table::Table;
use crate::types::ColumnType;

/// A column of table `T` whose values are `V` (`Option<_>` when nullable).
///
/// The derive generates one per field: `User::EMAIL: Column<User, String>`.
pub struct Column<T, V> {
    name: &'static str,
    index: usize,
    marker: PhantomData<fn() -> (T, V)>,
}

impl<T, V> Column<T, V> {
    /// A column named `name` at position `index` of its table (used by the derive).
    #[doc(hidden)]
    pub const fn new(name: &'static str, index: usize) -> Self {
        Column { name, index, marker: PhantomData }
    }

    /// The column name in the database.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The position of the column in its table.
    pub const fn index(&self) -> usize {
        self.index
    }
}

impl<T: Table, V: 'static> Column<T, V> {
    /// This column's value in `row`.
    ///
    /// ```text
    /// let email: &String = User::EMAIL.get(&user);
    /// ```
    pub fn get<'r>(&self, row: &'r T) -> &'r V {
        row.__field(self.index)
            .downcast_ref::<V>()
            .expect("a column constant and its table come from the same derive")
    }
}

impl<T: Table, V> Column<T, V> {
    /// The column's metadata.
    pub fn meta(&self) -> &'static ColumnMeta {
        &T::meta().columns[self.index]
    }
}

impl<T, V> Clone for Column<T, V> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T, V> Copy for Column<T, V> {}

impl<T: Table, V> fmt::Debug for Column<T, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", <T as Table>::NAME, self.name)
    }
}

impl<T: Table, V: ColumnType> Expression for Column<T, V> {
    type Value = V;

    fn into_node(self) -> ExprNode {
        ExprNode::Column { table: <T as Table>::NAME, column: self.name }
    }
}

/// The row proposed for insertion, inside `ON CONFLICT .. DO UPDATE`: `EXCLUDED."col"`.
pub struct Excluded<T, V>(Column<T, V>);

/// `EXCLUDED."col"`: the value the conflicting insert proposed for `col`, as in
/// `User::insert(new).on_conflict(User::EMAIL).do_update().set(User::NAME, excluded(User::NAME))`.
pub fn excluded<T, V>(column: Column<T, V>) -> Excluded<T, V> {
    Excluded(column)
}

impl<T, V> Excluded<T, V> {
    pub(crate) fn into_node(self) -> ExprNode {
        ExprNode::Excluded(self.0.name)
    }
}

impl<S, I, T: Table + crate::query::In<S, I>, V: ColumnType> super::InSource<S, I> for Column<T, V> {}
