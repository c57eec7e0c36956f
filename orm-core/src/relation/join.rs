//! Joining along a declared relation: `User::select().inner_join_related(User::posts())`.

use super::declared::Relation;
use crate::expr::{CondNode, ExprNode};
use crate::query::{Inner, Join, JoinKind, LeftOuter, Select};
use crate::table::Table;

impl<P: Table> Select<P> {
    /// `INNER JOIN` along a declared relation: its keys make the ON clause (through the
    /// junction table for many_to_many) and its own filter is added to it. A relation's
    /// order, per-parent limit and nested `.with(..)` belong to loading and do not apply
    /// to a join; order and limit the joined select itself.
    ///
    /// `User::select().inner_join_related(User::posts())` is
    /// `User::select().inner_join::<Post>(Post::AUTHOR_ID.eq(User::ID))`.
    pub fn inner_join_related<C: Table, Card, N>(
        self,
        relation: Relation<P, C, Card, N>,
    ) -> Select<Join<P, C, Inner>> {
        join_related::<P, C, Card, N, Inner>(self, relation)
    }

    /// `LEFT JOIN` along a declared relation; rows without a related row yield `None`.
    pub fn left_join_related<C: Table, Card, N>(
        self,
        relation: Relation<P, C, Card, N>,
    ) -> Select<Join<P, C, LeftOuter>> {
        join_related::<P, C, Card, N, LeftOuter>(self, relation)
    }
}

fn join_related<P: Table, C: Table, Card, N, K: JoinKind>(
    select: Select<P>,
    relation: Relation<P, C, Card, N>,
) -> Select<Join<P, C, K>> {
    let column = |table: &'static str, column: &'static str| ExprNode::Column { table, column };
    let parent_key = column(<P as Table>::NAME, relation.parent_key.name);
    let matched = column(relation.query.matched.table, relation.query.matched.name);
    let link = CondNode::Compare(matched, " = ", parent_key);
    let with_deleted = relation.query.includes_deleted();
    let live = |column: Option<&'static str>| column.filter(|_| !with_deleted);
    let junction = relation.query.junction.as_ref().map(|j| (j.table, j.to, j.child_key, j.soft_delete));
    let filter = relation.query.filter_node();
    let with_filter = |on: CondNode| match filter {
        Some(filter) => on.and(filter),
        None => on,
    };
    let tables = match junction {
        // parent ← junction.from, junction.to → child.key
        Some((table, to, child_key, soft_delete)) => {
            let to_child = CondNode::Compare(column(<C as Table>::NAME, child_key), " = ", column(table, to));
            vec![
                (table, link, live(soft_delete)),
                (<C as Table>::NAME, with_filter(to_child), live(C::meta().soft_delete)),
            ]
        }
        None => vec![(<C as Table>::NAME, with_filter(link), live(C::meta().soft_delete))],
    };
    select.join_tables::<C, K>(tables)
}
