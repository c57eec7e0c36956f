//! `Param<V>`: a parameter of a prepared query, given its value each time the query runs.

use std::marker::PhantomData;

use postgres_types::ToSql;

use super::{AsAssign, AsExpr, AsUpsertValue, ExprNode};
use crate::render::BindParam;
use crate::types::ColumnType;

/// A parameter of a [`Prepared`](crate::query::Prepared) query: a value of type `V`
/// given each time the query runs. It stands where a value would
/// (`User::ID.eq(id)`, `.set(User::NAME, name)`).
///
/// Only [`prepare`](crate::query::prepare) hands out parameters; one used in a query
/// that was not prepared fails with [`Error::InvalidQuery`](crate::Error::InvalidQuery)
/// before anything is sent.
pub struct Param<V> {
    slot: usize,
    value: PhantomData<fn() -> V>,
}

impl<V> Clone for Param<V> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<V> Copy for Param<V> {}

impl<V> std::fmt::Debug for Param<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Param#{}<{}>", self.slot, std::any::type_name::<V>())
    }
}

impl<V> Param<V> {
    fn at(slot: usize) -> Self {
        Param { slot, value: PhantomData }
    }

    fn node(self) -> ExprNode {
        ExprNode::Slot(self.slot)
    }
}

/// The position marker of a prepared query's parameter in [`AsExpr`].
#[derive(Debug)]
pub struct Slotted;

impl<T, V: ColumnType<Base = V>> AsExpr<T, V, Slotted> for Param<V> {
    fn into_expr(self) -> ExprNode {
        self.node()
    }
}

impl<T, V: ColumnType> AsAssign<T, V> for Param<V> {
    fn into_assign(self) -> ExprNode {
        self.node()
    }
}

impl<T, V: ColumnType> AsUpsertValue<T, V> for Param<V> {
    fn into_upsert_value(self) -> ExprNode {
        self.node()
    }
}

/// The parameters a prepared query takes: one [`Param`], or a tuple of them.
/// `Values` is what each run passes: the value, or a tuple of values in the same order.
pub trait Params {
    /// The values of one run.
    type Values: Send + Sync;

    /// The parameters, numbered from 0.
    #[doc(hidden)]
    fn slots() -> Self;

    /// The values, as bind parameters in slot order.
    #[doc(hidden)]
    fn bind(values: &Self::Values) -> Vec<BindParam<'_>>;
}

impl<A: ToSql + Send + Sync> Params for Param<A> {
    type Values = A;

    fn slots() -> Self {
        Param::at(0)
    }

    fn bind(values: &A) -> Vec<BindParam<'_>> {
        vec![values]
    }
}

macro_rules! tuple_params {
    ($($name:ident $index:tt),+) => {
        impl<$($name: ToSql + Send + Sync),+> Params for ($(Param<$name>,)+) {
            type Values = ($($name,)+);

            fn slots() -> Self {
                ($(Param::at($index),)+)
            }

            fn bind(values: &Self::Values) -> Vec<BindParam<'_>> {
                vec![$(&values.$index),+]
            }
        }
    };
}

tuple_params!(A 0);
tuple_params!(A 0, B 1);
tuple_params!(A 0, B 1, C 2);
tuple_params!(A 0, B 1, C 2, D 3);
tuple_params!(A 0, B 1, C 2, D 3, E 4);
tuple_params!(A 0, B 1, C 2, D 3, E 4, F 5);
