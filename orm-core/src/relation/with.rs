//! `.with(..)`: relations loaded together with the rows of a select, nested and combined.

use std::future::Future;
use std::time::Duration;

use super::cardinality::Cardinality;
use super::declared::Relation;
use super::load::Load;
use crate::error::{Error, Result};
use crate::exec::{Executor, within_timeout};
use crate::query::{AllColumns, Select};
use crate::table::Table;

/// Relations to load for rows of `C`: none (`()`), one (`(A,)`) or several (`(A, B, ..)`).
///
/// Rows are `'static` (owned structs and tuples), which keeps the futures of
/// relation loads `Send` wherever the compiler must prove it for any lifetime
/// (`tokio::spawn`, axum handlers; rust-lang/rust#100013).
pub trait WithList<C: 'static>: Send + Sync {
    /// A row with its relations: `C` for none, `(C, A::Output, ..)` otherwise.
    type Item: Send;

    /// Loads the relations of `rows` and pairs each row with its results.
    #[doc(hidden)]
    fn load_all<'a, E: Executor>(
        &'a self,
        rows: Vec<C>,
        db: &'a E,
    ) -> impl Future<Output = Result<Vec<Self::Item>>> + Send + 'a;
}

impl<C: Send + Sync + 'static> WithList<C> for () {
    type Item = C;

    async fn load_all<'a, E: Executor>(&'a self, rows: Vec<C>, _db: &'a E) -> Result<Vec<C>> {
        Ok(rows)
    }
}

macro_rules! with_tuple {
    ($($name:ident $out:ident),+) => {
        impl<C: Send + Sync + 'static, $($name: Load<C>),+> WithList<C> for ($($name,)+) {
            type Item = (C, $($name::Output,)+);

            #[allow(non_snake_case)]
            async fn load_all<'a, E: Executor>(&'a self, rows: Vec<C>, db: &'a E) -> Result<Vec<Self::Item>> {
                let ($($name,)+) = self;
                $(let mut $out = $name.load_for(&rows, db).await?.into_iter();)+
                Ok(rows
                    .into_iter()
                    .map(|row| (row, $($out.next().expect("one result per row"),)+))
                    .collect())
            }
        }

        impl<C: Send + Sync + 'static, $($name: Load<C>),+> IntoWith<C> for ($($name,)+) {
            type List = Self;

            fn into_list(self) -> Self {
                self
            }
        }
    };
}

with_tuple!(A a);
with_tuple!(A a, B b);
with_tuple!(A a, B b, D d);
with_tuple!(A a, B b, D d, F f);

/// What `.with(..)` accepts for rows of `C`: a relation of `C`, or a tuple of them.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be loaded with rows of `{C}`",
    label = "not a relation of `{C}`",
    note = "`.with(..)` takes relations declared on the queried table (e.g. `User::posts()` for `User::select()`), or a tuple of them"
)]
pub trait IntoWith<C: 'static> {
    /// The relations as a list.
    type List: WithList<C>;

    /// Converts into the list.
    #[doc(hidden)]
    fn into_list(self) -> Self::List;
}

impl<C, X, Card, N> IntoWith<C> for Relation<C, X, Card, N>
where
    Relation<C, X, Card, N>: Load<C>,
    C: Send + Sync + 'static,
    Card: Cardinality,
{
    type List = (Self,);

    fn into_list(self) -> (Self,) {
        (self,)
    }
}

/// A select whose rows come with their relations; run it with `.all`, `.one` or `.first`.
#[must_use = "a query does nothing until it is run with `.all(&db)`, `.one(&db)`, .."]
pub struct WithSelect<S, L> {
    select: Select<S>,
    relations: L,
    /// `.timeout(..)` (given here or on the select): one limit for every statement.
    timeout: Option<Duration>,
}

impl<S: Table> Select<S, AllColumns<S>> {
    /// Loads `relations` for every row: a relation of `S` (`User::posts()`), nested
    /// (`User::posts().with(Post::comments())`) or several (`(User::posts(), User::profile())`).
    /// One statement for the rows, then one per relation and level.
    pub fn with<W: IntoWith<S>>(self, relations: W) -> WithSelect<S, W::List> {
        let mut select = self;
        let timeout = select.take_timeout();
        WithSelect { select, relations: relations.into_list(), timeout }
    }
}

impl<S: Table, L: WithList<S>> WithSelect<S, L> {
    crate::query::timeout_method!(timeout);

    /// Every row, with its relations.
    pub async fn all<E: Executor>(self, db: &E) -> Result<Vec<L::Item>> {
        within_timeout!(self.timeout, db => self.all_on(db).await)
    }

    /// The only row, with its relations ([`Error::NotFound`] / [`Error::TooMany`] otherwise).
    pub async fn one<E: Executor>(self, db: &E) -> Result<L::Item> {
        within_timeout!(self.timeout, db => self.one_on(db).await)
    }

    /// The first row (`LIMIT 1`), with its relations, if any.
    pub async fn first<E: Executor>(self, db: &E) -> Result<Option<L::Item>> {
        within_timeout!(self.timeout, db => self.first_on(db).await)
    }

    async fn all_on<E: Executor>(self, db: &E) -> Result<Vec<L::Item>> {
        let rows = self.select.all(db).await?;
        self.relations.load_all(rows, db).await
    }

    async fn one_on<E: Executor>(self, db: &E) -> Result<L::Item> {
        let row = self.select.one(db).await?;
        let mut items = self.relations.load_all(vec![row], db).await?;
        items.pop().ok_or(Error::NotFound)
    }

    async fn first_on<E: Executor>(self, db: &E) -> Result<Option<L::Item>> {
        let Some(row) = self.select.first(db).await? else { return Ok(None) };
        let mut items = self.relations.load_all(vec![row], db).await?;
        Ok(items.pop())
    }
}
