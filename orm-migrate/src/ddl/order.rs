//! Foreign-key order: which table is created first, and which foreign keys wait
//! for an `ALTER TABLE` once every table exists.

use orm_core::schema::{ColumnMeta, TableMeta};

/// One table in creation order, with the foreign keys its `CREATE TABLE` leaves out.
#[derive(Debug)]
pub(crate) struct PlannedTable {
    /// The table.
    pub(crate) meta: &'static TableMeta,
    /// Columns whose foreign key is added afterwards with `ALTER TABLE`, in column order.
    pub(crate) deferred: Vec<&'static ColumnMeta>,
}

impl PlannedTable {
    /// `true` when `column`'s foreign key is written inside `CREATE TABLE`.
    pub(crate) fn is_inline(&self, column: &ColumnMeta) -> bool {
        !self.deferred.iter().any(|c| c.name == column.name)
    }
}

/// How a referenced column is known to be unique, which PostgreSQL requires of
/// the target of a foreign key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Uniqueness {
    /// The column is the whole primary key or has a unique constraint.
    Constraint,
    /// Only a unique index on exactly this column makes it unique.
    Index,
    /// Nothing does.
    None,
}

/// How `column` of `table` is known to be unique.
pub(crate) fn uniqueness(table: &TableMeta, column: &str) -> Uniqueness {
    if table.primary_key == [column] || table.column(column).is_some_and(|c| c.unique) {
        Uniqueness::Constraint
    } else if table.indexes.iter().any(|index| index.unique && index.columns == [column]) {
        Uniqueness::Index
    } else {
        Uniqueness::None
    }
}

/// The tables in creation order: a referenced table before the tables that
/// reference it, and otherwise the order given, so the output is stable.
///
/// Each round creates the first table (in the given order) whose referenced
/// tables all exist. When none is ready, the tables left form a cycle: the first
/// of them is created anyway, and its foreign keys to tables not yet created are
/// deferred. Foreign keys whose target is unique only through a unique index are
/// deferred too (indexes are created after the tables). Self references and
/// references to tables that are not in the list never hold a table back.
pub(crate) fn creation_order(tables: &[&'static TableMeta]) -> Vec<PlannedTable> {
    let position = |name: &str| tables.iter().position(|t| t.name == name);
    let keys: Vec<Vec<PlannedKey>> = tables
        .iter()
        .enumerate()
        .map(|(at, table)| {
            table
                .columns
                .iter()
                .filter_map(|column| {
                    let fk = column.references?;
                    let after_indexes = waits_for_unique_index(tables, column);
                    let target = position(fk.table).filter(|&target| target != at && !after_indexes);
                    Some(PlannedKey { column, target, after_indexes })
                })
                .collect()
        })
        .collect();
    let mut created = vec![false; tables.len()];
    let mut order = Vec::with_capacity(tables.len());
    while order.len() < tables.len() {
        let pending = || (0..tables.len()).filter(|&at| !created[at]);
        let ready =
            pending().find(|&at| keys[at].iter().all(|key| key.target.is_none_or(|target| created[target])));
        let Some(at) = ready.or_else(|| pending().next()) else {
            break;
        };
        let deferred = keys[at]
            .iter()
            .filter(|key| key.after_indexes || key.target.is_some_and(|target| !created[target]))
            .map(|key| key.column)
            .collect();
        created[at] = true;
        order.push(PlannedTable { meta: tables[at], deferred });
    }
    order
}

/// A foreign key as the ordering sees it.
struct PlannedKey {
    /// The referencing column.
    column: &'static ColumnMeta,
    /// The position of the table that must exist first (`None`: none must).
    target: Option<usize>,
    /// `true` when the key must wait until the indexes exist.
    after_indexes: bool,
}

/// `true` when `column`'s foreign key targets a column that only a unique index
/// (created after all tables) makes unique.
fn waits_for_unique_index(tables: &[&'static TableMeta], column: &ColumnMeta) -> bool {
    column.references.is_some_and(|fk| {
        tables
            .iter()
            .find(|t| t.name == fk.table)
            .is_some_and(|target| uniqueness(target, fk.column) == Uniqueness::Index)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{CODES, USES, col, reference, table};
    use orm_core::schema::SqlType;

    fn names(order: &[PlannedTable]) -> Vec<String> {
        order
            .iter()
            .map(|p| {
                let deferred: Vec<_> = p.deferred.iter().map(|c| c.name).collect();
                if deferred.is_empty() {
                    p.meta.name.to_owned()
                } else {
                    format!("{} (later: {})", p.meta.name, deferred.join(", "))
                }
            })
            .collect()
    }

    static ROOT: TableMeta = table("root", &[col("id", SqlType::Integer)]);
    static CHILD: TableMeta = table("child", &[col("id", SqlType::Integer), reference("root_id", "root")]);
    static GRANDCHILD: TableMeta =
        table("grandchild", &[col("id", SqlType::Integer), reference("child_id", "child")]);
    static TREE: TableMeta = table("tree", &[col("id", SqlType::Integer), reference("parent_id", "tree")]);
    static OTHER: TableMeta = table("other", &[col("id", SqlType::Integer), reference("x_id", "elsewhere")]);
    static HEN: TableMeta = table("hen", &[col("id", SqlType::Integer), reference("egg_id", "egg")]);
    static EGG: TableMeta = table("egg", &[col("id", SqlType::Integer), reference("hen_id", "hen")]);

    #[test]
    fn keeps_an_order_that_already_works() {
        let order = creation_order(&[&ROOT, &CHILD, &GRANDCHILD, &TREE, &OTHER]);
        assert_eq!(names(&order), ["root", "child", "grandchild", "tree", "other"]);
    }

    #[test]
    fn moves_referenced_tables_first_and_keeps_the_rest_in_place() {
        let order = creation_order(&[&GRANDCHILD, &TREE, &CHILD, &OTHER, &ROOT]);
        assert_eq!(names(&order), ["tree", "other", "root", "child", "grandchild"]);
    }

    #[test]
    fn breaks_a_cycle_at_the_first_table_listed() {
        let order = creation_order(&[&EGG, &ROOT, &HEN]);
        assert_eq!(names(&order), ["root", "egg (later: hen_id)", "hen"]);
        let order = creation_order(&[&HEN, &EGG]);
        assert_eq!(names(&order), ["hen (later: egg_id)", "egg"]);
    }

    #[test]
    fn defers_keys_whose_target_is_unique_only_through_an_index() {
        // The key waits for the index, so it does not hold `uses` back.
        let order = creation_order(&[&USES, &CODES]);
        assert_eq!(names(&order), ["uses (later: code)", "codes"]);
        assert_eq!(uniqueness(&CODES, "id"), Uniqueness::Index);
        assert_eq!(uniqueness(&ROOT, "id"), Uniqueness::Constraint);
        assert_eq!(uniqueness(&CHILD, "root_id"), Uniqueness::None);
    }
}
