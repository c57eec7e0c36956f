//! Loading a relation for many parents in one statement, and `rows.load(relation, &db)`.

use std::collections::HashMap;
use std::future::Future;

use super::cardinality::Shape;
use super::declared::Relation;
use super::with::WithList;
use crate::error::Result;
use crate::exec::{Executor, fetch_rendered};
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
        let mut needed: HashMap<&Key, usize> = HashMap::new();
        let mut distinct: Vec<Key> = Vec::new();
        for key in parent_keys.iter().flatten() {
            let count = needed.entry(key).or_insert(0);
            if *count == 0 {
                distinct.push(key.clone());
            }
            *count += 1;
        }

        let mut groups: HashMap<Key, Vec<N::Item>> = HashMap::new();
        if !distinct.is_empty() {
            let keys = self.query.matched.array(&distinct);
            let limit = self.query.per_parent_limit().unwrap_or(0);
            let mut w = SqlWriter::new();
            self.query.render(keys.as_ref(), &limit, &mut w);
            let rows = fetch_rendered(db, w).await?;
            let mut related = Vec::with_capacity(rows.len());
            let mut owners = Vec::with_capacity(rows.len());
            for row in &rows {
                related.push(C::from_row_at(row, 0)?);
                owners.push(self.query.matched.decode_at(row, C::WIDTH)?);
            }
            drop(rows);
            let items = self.nested.load_all(related, db).await?;
            for (item, owner) in items.into_iter().zip(owners) {
                if let Some(owner) = owner {
                    groups.entry(owner).or_default().push(item);
                }
            }
        }

        let mut out = Vec::with_capacity(parents.len());
        for key in &parent_keys {
            let rows = match key {
                None => Vec::new(),
                Some(key) => {
                    let left = needed.get_mut(key).expect("every parent key was counted");
                    *left -= 1;
                    // The last parent with this key takes the rows; earlier ones get copies.
                    if *left == 0 { groups.remove(key) } else { groups.get(key).cloned() }.unwrap_or_default()
                }
            };
            out.push(Card::collect(rows, <C as Table>::NAME)?);
        }
        Ok(out)
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
