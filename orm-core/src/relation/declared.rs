//! `Relation`: a declared relation between two tables, with its own filter, order,
//! per-parent limit and nested relations.

use std::marker::PhantomData;

use super::cardinality::{Many, One, Parent};
use super::child_query::{ChildQuery, Junction};
use super::key_column::{FieldKey, MatchColumn};
use super::with::IntoWith;
use crate::expr::{Column, Condition, IntoOrderBy};
use crate::query::to_bigint;
use crate::table::Table;
use crate::types::{HasBase, KeyType};

/// A relation from rows of `P` to related rows of `C`, shaped by `Card` (`Many`,
/// `One`, `Parent<..>`), with nested relations `N` loaded for every related row.
///
/// The derive generates one accessor per declared relation, e.g. `User::posts()`.
/// Pass it to `.with(..)` on a select, or to `rows.load(..)`.
#[must_use = "a relation does nothing until it is passed to `.with(..)` or `.load(..)`"]
pub struct Relation<P, C, Card, N = ()> {
    pub(crate) name: &'static str,
    pub(crate) parent_key: FieldKey<P>,
    pub(crate) query: ChildQuery<C>,
    pub(crate) nested: N,
    marker: PhantomData<fn() -> Card>,
}

/// `#[has_many(..)]`: every related row, `Vec<C>`.
pub type HasMany<P, C, N = ()> = Relation<P, C, Many, N>;
/// `#[many_to_many(..)]`: every row linked through a junction table, `Vec<C>`.
pub type ManyToMany<P, C, N = ()> = Relation<P, C, Many, N>;
/// `#[has_one(..)]`: the related row if there is one, `Option<C>`.
pub type HasOne<P, C, N = ()> = Relation<P, C, One, N>;
/// `#[belongs_to(..)]`: the referenced row, `C` (`Option<C>` through a nullable
/// foreign key, `Pr` = `Optional`).
pub type BelongsTo<P, C, Pr, N = ()> = Relation<P, C, Parent<Pr>, N>;

/// `P::key` ← `C::fk`: the rows of `C` whose `fk` holds a parent's `key` (has_many).
#[doc(hidden)]
pub fn has_many<P: Table, C: Table, K: KeyType, F: KeyType + HasBase<K::Base>>(
    name: &'static str,
    key: Column<P, K>,
    fk: Column<C, F>,
) -> HasMany<P, C> {
    Relation::build(name, FieldKey::new(key), ChildQuery::direct(fk))
}

/// `P::key` ← `C::fk`: the row of `C` whose `fk` holds the parent's `key` (has_one).
#[doc(hidden)]
pub fn has_one<P: Table, C: Table, K: KeyType, F: KeyType + HasBase<K::Base>>(
    name: &'static str,
    key: Column<P, K>,
    fk: Column<C, F>,
) -> HasOne<P, C> {
    let mut query = ChildQuery::direct(fk);
    // One row per parent: the first in the relation's order, fetched alone.
    query.cap_limit(1);
    Relation::build(name, FieldKey::new(key), query)
}

/// `P::fk` → `C::key`: the row of `C` the parent's foreign key points at (belongs_to).
#[doc(hidden)]
pub fn belongs_to<P: Table, C: Table, F: KeyType + HasBase<K::Base>, K: KeyType>(
    name: &'static str,
    fk: Column<P, F>,
    key: Column<C, K>,
) -> BelongsTo<P, C, F::Presence> {
    let mut query = ChildQuery::direct(key);
    // The row a foreign key points at is shown even when soft-deleted: its children
    // still reference it, and hiding it would make their loads fail.
    query.with_deleted();
    Relation::build(name, FieldKey::new(fk), query)
}

/// `P::key` ← `J::from`, `J::to` → `C::target`: rows of `C` linked through junction `J`.
#[doc(hidden)]
pub fn many_to_many<P, C, J, K, FROM, TO, T>(
    name: &'static str,
    key: Column<P, K>,
    from: Column<J, FROM>,
    to: Column<J, TO>,
    target: Column<C, T>,
) -> ManyToMany<P, C>
where
    P: Table,
    C: Table,
    J: Table,
    K: KeyType,
    FROM: KeyType + HasBase<K::Base>,
    T: KeyType,
    TO: KeyType + HasBase<T::Base>,
{
    let junction = Junction {
        table: <J as Table>::NAME,
        to: to.name(),
        child_key: target.name(),
        soft_delete: J::meta().soft_delete,
    };
    Relation::build(name, FieldKey::new(key), ChildQuery::through(MatchColumn::new(from), junction))
}

impl<P, C, Card> Relation<P, C, Card> {
    pub(crate) fn build(name: &'static str, parent_key: FieldKey<P>, query: ChildQuery<C>) -> Self {
        Relation { name, parent_key, query, nested: (), marker: PhantomData }
    }

    /// Also loads `relations` of every related row: one relation, or a tuple of them.
    /// `User::posts().with(Post::comments())` yields `Vec<(Post, Vec<Comment>)>` per user.
    pub fn with<W: IntoWith<C>>(self, relations: W) -> Relation<P, C, Card, W::List> {
        Relation {
            name: self.name,
            parent_key: self.parent_key,
            query: self.query,
            nested: relations.into_list(),
            marker: PhantomData,
        }
    }
}

impl<P, C: Table, Card, N> Relation<P, C, Card, N> {
    /// Loads only the related rows where `cond` holds; several calls are ANDed.
    pub fn filter(mut self, cond: Condition<C>) -> Self {
        self.query.filter(cond);
        self
    }

    /// Orders the related rows of each parent.
    pub fn order_by<I>(mut self, order: impl IntoOrderBy<C, I>) -> Self {
        self.query.order_by(order);
        self
    }

    /// Also loads related rows a soft-delete table marks deleted.
    pub fn with_deleted(mut self) -> Self {
        self.query.with_deleted();
        self
    }

    /// Loads at most `n` related rows per parent (in the relation's order).
    pub fn limit(mut self, n: u64) -> Self {
        self.query.limit(to_bigint(n));
        self
    }

    /// The relation's name, as declared.
    pub fn name(&self) -> &'static str {
        self.name
    }
}
