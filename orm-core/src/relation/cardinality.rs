//! How many related rows a relation yields per parent: `Vec<T>`, `Option<T>` or `T`.

use std::marker::PhantomData;

use crate::error::Result;
use crate::types::Wrap;

/// How a relation shapes the related rows of one parent: [`Many`], [`One`] or [`Parent`].
pub trait Cardinality: Send + Sync + 'static {}

/// Shapes the related rows of type `T` found for one parent.
pub trait Shape<T>: Cardinality {
    /// The per-parent result: `Vec<T>`, `Option<T>`, `T`.
    type Out: Send;

    /// Shapes the related rows found for one parent (already in the relation's order).
    #[doc(hidden)]
    fn collect(rows: Vec<T>, table: &'static str) -> Result<Self::Out>;
}

/// has_many and many_to_many: every related row, `Vec<T>`.
#[derive(Debug, Clone, Copy)]
pub struct Many;

/// has_one: the first related row, `Option<T>`.
#[derive(Debug, Clone, Copy)]
pub struct One;

/// belongs_to: the referenced row, `T` (`Option<T>` through a nullable foreign key).
#[derive(Debug)]
pub struct Parent<P>(PhantomData<fn() -> P>);

impl Cardinality for Many {}
impl Cardinality for One {}
impl<P: Send + Sync + 'static> Cardinality for Parent<P> {}

impl<T: Send> Shape<T> for Many {
    type Out = Vec<T>;

    fn collect(rows: Vec<T>, _table: &'static str) -> Result<Vec<T>> {
        Ok(rows)
    }
}

impl<T: Send> Shape<T> for One {
    type Out = Option<T>;

    fn collect(rows: Vec<T>, _table: &'static str) -> Result<Option<T>> {
        Ok(rows.into_iter().next())
    }
}

impl<T: Send, P: Wrap<T>> Shape<T> for Parent<P> {
    type Out = P::Out;

    fn collect(rows: Vec<T>, table: &'static str) -> Result<P::Out> {
        P::wrap(rows.into_iter().next(), table)
    }
}
