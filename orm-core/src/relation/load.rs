//! Loading a relation for many parents in one statement, and `rows.load(relation, &db)`.

use std::collections::HashMap;
use std::future::Future;

use super::cardinality::Shape;
use super::declared::Relation;
use super::with::WithList;
use crate::error::Result;
use crate::exec::{Executor, fetch_rendered_decoded};
use crate::render::SqlWriter;
use crate::table::Table;
use crate::types::Key;

/// A relation that can be loaded for rows of `P`: one statement for every parent
/// (plus one per nested level), results in parent order.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a relation of `{P}`",
    label = "this relation starts from another table",
    note = "`.with(..)` and `.load(..)` take relations declared on the rows' own table, e.g. `User::posts()` for users"
)]
pub trait Load<P>: Send + Sync {
    /// What each parent gets: `Vec<C>`, `Option<C>`, `C`, or those of `(C, nested..)`.
    type Output: Send;

    /// Loads the related rows of every parent, one result per parent, in order.
    #[doc(hidden)]
    fn load_for<'a, E: Executor>(
        &'a self,
        parents: &'a [P],
        db: &'a E,
    ) -> impl Future<Output = Result<Vec<Self::Output>>> + Send + 'a;
}

impl<P, C, Card, N> Load<P> for Relation<P, C, Card, N>
where
    P: Table,
    C: Table,
    N: WithList<C>,
    N::Item: Clone,
    Card: Shape<N::Item>,
{
    type Output = Card::Out;

    async fn load_for<E: Executor>(&self, parents: &[P], db: &E) -> Result<Vec<Self::Output>> {
        let parent_keys: Vec<Option<Key>> = parents.iter().map(|p| self.parent_key.key_of(p)).collect();
        let slots = Slots::of(&parent_keys);
        let mut groups: Vec<Vec<N::Item>> = Vec::new();
        if !slots.distinct.is_empty() {
            let keys = self.query.matched.array(&slots.distinct);
            let limit = self.query.per_parent_limit().unwrap_or(0);
            let mut w = SqlWriter::new();
            self.query.render(keys.as_ref(), &limit, &mut w);
            // Each related row is decoded as it arrives, with the slot of its parent key.
            let mut owners = Vec::new();
            let related = fetch_rendered_decoded(db, w, |row| {
                let child = C::from_row_at(row, 0)?;
                let owner = match &self.query.own_key {
                    Some(own) => own.key_of(&child),
                    None => self.query.matched.decode_at(row, C::WIDTH)?,
                };
                owners.push(owner.and_then(|key| slots.index.get(&key).copied()));
                Ok(child)
            })
            .await?;
            let items = self.nested.load_all(related, db).await?;
            groups.resize_with(slots.distinct.len(), Vec::new);
            for (item, slot) in items.into_iter().zip(owners) {
                if let Some(slot) = slot {
                    groups[slot].push(item);
                }
            }
        }

        let mut out = Vec::with_capacity(parents.len());
        for (at, slot) in slots.of_parent.iter().enumerate() {
            let rows = match *slot {
                None => Vec::new(),
                // The last parent with this key takes the rows; earlier ones get copies.
                Some(slot) if slots.last_parent[slot] == at => std::mem::take(&mut groups[slot]),
                Some(slot) => groups.get(slot).cloned().unwrap_or_default(),
            };
            out.push(Card::collect(rows, <C as Table>::NAME)?);
        }
        Ok(out)
    }
}

/// The distinct keys of a relation's parents, each with a slot: the related rows of
/// every parent sharing a key are collected once, in that key's slot.
struct Slots<'k> {
    /// The distinct non-null keys, in first-seen order (the `= ANY($1)` array).
    distinct: Vec<&'k Key>,
    /// Each distinct key's slot.
    index: HashMap<&'k Key, usize>,
    /// Each parent's slot (`None` for a NULL key).
    of_parent: Vec<Option<usize>>,
    /// Each slot's last parent, which takes the rows instead of a copy.
    last_parent: Vec<usize>,
}

impl<'k> Slots<'k> {
    fn of(keys: &'k [Option<Key>]) -> Self {
        let mut slots = Slots {
            distinct: Vec::with_capacity(keys.len()),
            index: HashMap::with_capacity(keys.len()),
            of_parent: Vec::with_capacity(keys.len()),
            last_parent: Vec::with_capacity(keys.len()),
        };
        for (at, key) in keys.iter().enumerate() {
            let slot = key.as_ref().map(|key| {
                let slot = *slots.index.entry(key).or_insert_with(|| {
                    slots.distinct.push(key);
                    slots.last_parent.push(at);
                    slots.distinct.len() - 1
                });
                slots.last_parent[slot] = at;
                slot
            });
            slots.of_parent.push(slot);
        }
        slots
    }
}

/// `rows.load(relation, &db)`: loads a relation for rows already fetched.
pub trait LoadRelation<P> {
    /// The related rows of every row, one result per row, in order (one statement per level).
    ///
    /// ```text
    /// let users = User::select().all(&db).await?;
    /// let posts: Vec<Vec<Post>> = users.load(User::posts(), &db).await?;
    /// ```
    fn load<R: Load<P>, E: Executor>(
        &self,
        relation: R,
        db: &E,
    ) -> impl Future<Output = Result<Vec<R::Output>>> + Send;
}

impl<P: Table> LoadRelation<P> for [P] {
    async fn load<R: Load<P>, E: Executor>(&self, relation: R, db: &E) -> Result<Vec<R::Output>> {
        relation.load_for(self, db).await
    }
}
