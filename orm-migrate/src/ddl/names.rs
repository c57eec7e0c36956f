//! The names PostgreSQL gives constraints and indexes by default, so the names
//! the DDL spells out match what the catalog would hold anyway.
//!
//! PostgreSQL keeps at most [`MAX_IDENTIFIER_BYTES`] bytes of a name. When a
//! generated name would be longer, it is shortened the way the server shortens
//! the names it chooses itself (`makeObjectName`: the longer of the table and
//! column parts loses bytes first, the `_pkey`/`_key`/`_idx` suffix stays), never
//! by cutting the end off. Two long names can still shorten to the same text;
//! [`check_schema`](crate::check_schema) reports such clashes.

use std::borrow::Cow;

use orm_core::schema::{IndexMeta, TableMeta};

/// The longest name PostgreSQL keeps, in bytes (`NAMEDATALEN - 1`).
pub(crate) const MAX_IDENTIFIER_BYTES: usize = 63;

/// `<table>_pkey`
pub(crate) fn primary_key_name(table: &str) -> String {
    object_name(table, None, "pkey")
}

/// `<table>_<column>_key`, the unique constraint of one column.
pub(crate) fn unique_name(table: &str, column: &str) -> String {
    object_name(table, Some(column), "key")
}

/// `<table>_<column>_check`, the check constraint of one column.
pub(crate) fn check_name(table: &str, column: &str) -> String {
    object_name(table, Some(column), "check")
}

/// `<table>_<column>_fkey`, the foreign key of one column.
pub(crate) fn foreign_key_name(table: &str, column: &str) -> String {
    object_name(table, Some(column), "fkey")
}

/// The index's own name, or `<table>_<col1>_<col2>_idx` as `CREATE INDEX`
/// without a name calls it (unique indexes included: only unique *constraints*
/// get the `_key` suffix).
pub(crate) fn index_name(table: &TableMeta, index: &IndexMeta) -> Cow<'static, str> {
    match index.name {
        Some(name) => Cow::Borrowed(name),
        None => Cow::Owned(unnamed_index_name(table.name, index.columns)),
    }
}

/// `<table>_<col1>_<col2>_idx`, the name `CREATE INDEX` gives an index on `columns`.
pub(crate) fn unnamed_index_name(table: &str, columns: &[&str]) -> String {
    object_name(table, Some(&column_list(columns)), "idx")
}

/// The column part of a generated name: the names joined with `_`, stopping once
/// the text is longer than any name can be (`ChooseIndexNameAddition`).
fn column_list(columns: &[&str]) -> String {
    let mut list = String::new();
    for column in columns {
        if !list.is_empty() {
            list.push('_');
        }
        list.push_str(clip(column, MAX_IDENTIFIER_BYTES));
        if list.len() > MAX_IDENTIFIER_BYTES {
            break;
        }
    }
    list
}

/// `<name1>_<name2>_<label>` in at most [`MAX_IDENTIFIER_BYTES`] bytes, shortening
/// the longer of `name1` and `name2` first, as PostgreSQL's `makeObjectName` does.
fn object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    let overhead = label.len() + 1 + usize::from(name2.is_some());
    let available = MAX_IDENTIFIER_BYTES.saturating_sub(overhead);
    let mut len1 = name1.len();
    let mut len2 = name2.map_or(0, str::len);
    while len1 + len2 > available {
        if len1 > len2 {
            len1 -= 1;
        } else {
            len2 -= 1;
        }
    }
    let mut name = String::with_capacity(MAX_IDENTIFIER_BYTES);
    name.push_str(clip(name1, len1));
    if let Some(name2) = name2 {
        name.push('_');
        name.push_str(clip(name2, len2));
    }
    name.push('_');
    name.push_str(label);
    name
}

/// The longest prefix of `text` of at most `max` bytes that ends on a character boundary.
fn clip(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_follow_postgres_defaults() {
        assert_eq!(primary_key_name("users"), "users_pkey");
        assert_eq!(unique_name("users", "email"), "users_email_key");
        assert_eq!(check_name("users", "age"), "users_age_check");
        assert_eq!(foreign_key_name("posts", "author_id"), "posts_author_id_fkey");
        static TABLE: TableMeta = TableMeta {
            name: "users",
            struct_name: "User",
            columns: &[],
            primary_key: &[],
            indexes: &[],
            renamed_from: None,
            soft_delete: None,
            hooks: &[],
        };
        let index = |name, unique| IndexMeta {
            name,
            columns: &["name", "created_at"],
            unique,
            using: None,
            expressions: &[],
            predicate: None,
        };
        assert_eq!(index_name(&TABLE, &index(None, false)), "users_name_created_at_idx");
        assert_eq!(index_name(&TABLE, &index(None, true)), "users_name_created_at_idx");
        assert_eq!(index_name(&TABLE, &index(Some("by_name"), true)), "by_name");
    }

    #[test]
    fn long_names_shorten_the_longer_part_and_keep_the_suffix() {
        // What PostgreSQL 15 names these constraints itself (checked against a server).
        let table = format!("{}60", "a".repeat(60));
        let column = "b".repeat(63);
        assert_eq!(primary_key_name(&table), format!("{}_pkey", "a".repeat(58)));
        assert_eq!(unique_name(&table, &column), format!("{}_{}_key", "a".repeat(29), "b".repeat(29)));
        assert_eq!(unique_name(&table, "id"), format!("{}_id_key", "a".repeat(56)));
        assert!(foreign_key_name(&table, &column).len() <= MAX_IDENTIFIER_BYTES);
    }

    #[test]
    fn shortening_never_splits_a_character() {
        let table = "ü".repeat(40); // 80 bytes
        let name = primary_key_name(&table);
        assert_eq!(name, format!("{}_pkey", "ü".repeat(29)));
        assert!(name.len() <= MAX_IDENTIFIER_BYTES);
    }

    #[test]
    fn column_lists_stop_once_too_long() {
        let long = "c".repeat(40);
        assert_eq!(column_list(&["a", "b"]), "a_b");
        assert_eq!(column_list(&[&long, &long, &long]), format!("{long}_{long}"));
    }
}
