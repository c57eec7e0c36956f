//! How many related rows a relation yields per parent: `Vec<T>`, `Option<T>` or `T`.

use std::marker::PhantomData;

use crate::error::Result;
use crate::types::Presence;

/// How a relation shapes the related rows of one parent.
pub trait Cardinality: Send + Sync + 'static {
    /// The per-parent result: `Vec<T>`, `Option<T>`, `T`.
    type Of<T: Send>: Send;

    /// Shapes the related rows found for one parent (already in the relation's order).
    #[doc(hidden)]
    fn collect<T: Send>(rows: Vec<T>, table: &'static str) -> Result<Self::Of<T>>;
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

impl Cardinality for Many {
    type Of<T: Send> = Vec<T>;

    fn collect<T: Send>(rows: Vec<T>, _table: &'static str) -> Result<Vec<T>> {
        Ok(rows)
    }
}

impl Cardinality for One {
    type Of<T: Send> = Option<T>;

    fn collect<T: Send>(rows: Vec<T>, _table: &'static str) -> Result<Option<T>> {
        Ok(rows.into_iter().next())
    }
}

impl<P: Presence> Cardinality for Parent<P> {
    type Of<T: Send> = P::Of<T>;

    fn collect<T: Send>(rows: Vec<T>, table: &'static str) -> Result<P::Of<T>> {
        P::wrap(rows.into_iter().next(), table)
    }
}
