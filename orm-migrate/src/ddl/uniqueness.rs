//! Whether a column is unique, which PostgreSQL requires of the target of a foreign key.

use orm_core::schema::TableMeta;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{CODES, USES, col, reference, table};
    use orm_core::schema::SqlType;

    static ROOT: TableMeta = table("root", &[col("id", SqlType::Integer)]);
    static CHILD: TableMeta = table("child", &[col("id", SqlType::Integer), reference("root_id", "root")]);

    #[test]
    fn a_column_is_unique_by_constraint_index_or_not_at_all() {
        assert_eq!(uniqueness(&CODES, "id"), Uniqueness::Index);
        assert_eq!(uniqueness(&ROOT, "id"), Uniqueness::Constraint);
        assert_eq!(uniqueness(&CHILD, "root_id"), Uniqueness::None);
        assert_eq!(uniqueness(&USES, "code"), Uniqueness::None);
    }
}
