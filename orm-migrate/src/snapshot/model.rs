//! The snapshot data model and its JSON form.

use serde::{Deserialize, Serialize};

/// The version of the snapshot format this crate writes and reads.
pub(crate) const FORMAT_VERSION: u32 = 1;

/// A database schema as data: enum types and tables with their columns,
/// constraints and indexes.
///
/// Made from the code with [`Snapshot::from_schema`], read back from a live
/// database by introspection, and stored as `snapshot.json` beside each
/// migration. Two snapshots of the same schema are equal, whichever way they were
/// made: lists are kept in a canonical order (enums, tables, constraints and
/// indexes by name; columns and labels in declaration order), types are spelled
/// one way, and default and check expressions are normalized (see
/// [`Snapshot::normalized`]). Serializing, parsing and serializing again gives the
/// same text.
///
/// ```
/// use orm::prelude::*;
///
/// #[derive(Table)]
/// #[table(name = "notes")]
/// struct Note {
///     #[column(primary_key, identity)]
///     id: i64,
///     #[column(default = "untitled")]
///     title: String,
/// }
///
/// let snapshot = orm_migrate::Snapshot::from_schema(&orm::schema![Note]);
/// let json = snapshot.to_json();
/// assert!(json.contains(r#""default": "'untitled'""#));
/// assert_eq!(orm_migrate::Snapshot::from_json(&json).unwrap(), snapshot);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Snapshot {
    /// The format version (1).
    pub version: u32,
    /// Enum types, by name.
    #[serde(default)]
    pub enums: Vec<EnumSnapshot>,
    /// Tables, by name.
    #[serde(default)]
    pub tables: Vec<TableSnapshot>,
}

/// An enum type and its labels in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct EnumSnapshot {
    /// The type name.
    pub name: String,
    /// The labels, in the type's order.
    pub labels: Vec<String>,
}

/// A table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct TableSnapshot {
    /// The table name.
    pub name: String,
    /// The name the table had before (`#[table(renamed_from = "..")]`): a hint for
    /// the diff, never read from a database.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// The columns, in declaration order.
    pub columns: Vec<ColumnSnapshot>,
    /// The primary key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_key: Option<KeySnapshot>,
    /// Unique constraints, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uniques: Vec<KeySnapshot>,
    /// Foreign keys, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foreign_keys: Vec<ForeignKeySnapshot>,
    /// Check constraints, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<CheckSnapshot>,
    /// Indexes that are not the index of a primary key or unique constraint, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<IndexSnapshot>,
}

/// A column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ColumnSnapshot {
    /// The column name.
    pub name: String,
    /// The type as DDL spells it (`integer`, `varchar(100)`, `numeric(10, 2)`,
    /// `timestamptz`, `text[]`); an enum type by its bare name.
    #[serde(rename = "type")]
    pub sql_type: String,
    /// `true` when NULL is allowed.
    pub nullable: bool,
    /// The default as a normalized SQL expression (`'member'`, `0`, `now()`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// `GENERATED ALWAYS AS IDENTITY`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub identity: bool,
    /// The name the column had before (`#[column(renamed_from = "..")]`): a hint
    /// for the diff, never read from a database.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
}

/// A primary key or unique constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct KeySnapshot {
    /// The constraint name.
    pub name: String,
    /// The key columns, in order.
    pub columns: Vec<String>,
}

/// A foreign key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ForeignKeySnapshot {
    /// The constraint name.
    pub name: String,
    /// The referencing columns.
    pub columns: Vec<String>,
    /// The referenced table.
    pub references: String,
    /// The referenced columns.
    pub referenced_columns: Vec<String>,
    /// `ON DELETE` action as SQL spells it (`NO ACTION`, `CASCADE`, ..).
    pub on_delete: String,
    /// `ON UPDATE` action as SQL spells it.
    pub on_update: String,
}

/// A check constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CheckSnapshot {
    /// The constraint name.
    pub name: String,
    /// The normalized condition.
    pub expression: String,
}

/// An index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct IndexSnapshot {
    /// The index name.
    pub name: String,
    /// The indexed columns or expressions, in order.
    pub keys: Vec<IndexKey>,
    /// `true` for a unique index.
    #[serde(default, skip_serializing_if = "is_false")]
    pub unique: bool,
    /// The index method (`btree`, `gin`, ..).
    pub using: String,
    /// The normalized predicate of a partial index.
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    pub predicate: Option<String>,
}

/// One key of an index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum IndexKey {
    /// A column, by name.
    Column(String),
    /// A normalized SQL expression.
    Expression(String),
}

fn is_false(value: &bool) -> bool {
    !value
}

/// A `snapshot.json` that cannot be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SnapshotError {
    /// The text is not a snapshot.
    #[error("not a valid snapshot: {0}")]
    Json(#[from] serde_json::Error),
    /// The snapshot was written by a newer format.
    #[error(
        "snapshot format version {found} is not supported (this orm-migrate reads version {FORMAT_VERSION}); upgrade orm-migrate"
    )]
    Version {
        /// The version found.
        found: u32,
    },
}

impl Default for Snapshot {
    fn default() -> Self {
        Snapshot::empty()
    }
}

impl Snapshot {
    /// A snapshot of an empty database.
    pub fn empty() -> Snapshot {
        Snapshot { version: FORMAT_VERSION, enums: Vec::new(), tables: Vec::new() }
    }

    /// The snapshot as pretty-printed JSON, ending with a newline.
    pub fn to_json(&self) -> String {
        let mut json = serde_json::to_string_pretty(self).expect("a snapshot always serializes");
        json.push('\n');
        json
    }

    /// Reads a snapshot written by [`to_json`](Self::to_json) (or edited by hand:
    /// it is put in canonical order and its expressions normalized).
    pub fn from_json(json: &str) -> Result<Snapshot, SnapshotError> {
        let snapshot: Snapshot = serde_json::from_str(json)?;
        if snapshot.version != FORMAT_VERSION {
            return Err(SnapshotError::Version { found: snapshot.version });
        }
        Ok(snapshot.normalized())
    }

    /// The table with this name.
    pub fn table(&self, name: &str) -> Option<&TableSnapshot> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// The enum type with this name.
    pub fn enum_type(&self, name: &str) -> Option<&EnumSnapshot> {
        self.enums.iter().find(|e| e.name == name)
    }

    /// The same snapshot without the `renamed_from` hints, as a database would
    /// describe it.
    pub fn without_rename_hints(mut self) -> Snapshot {
        for table in &mut self.tables {
            table.renamed_from = None;
            for column in &mut table.columns {
                column.renamed_from = None;
            }
        }
        self
    }

    /// The snapshot in canonical form: lists sorted, defaults, checks, index
    /// expressions and predicates normalized.
    pub fn normalized(mut self) -> Snapshot {
        self.enums.sort_by(|a, b| a.name.cmp(&b.name));
        self.tables.sort_by(|a, b| a.name.cmp(&b.name));
        for table in &mut self.tables {
            for column in &mut table.columns {
                column.default =
                    column.default.take().map(|d| super::normalize_default(&column.sql_type, &d));
            }
            table.uniques.sort_by(|a, b| a.name.cmp(&b.name));
            table.foreign_keys.sort_by(|a, b| a.name.cmp(&b.name));
            table.checks.sort_by(|a, b| a.name.cmp(&b.name));
            for check in &mut table.checks {
                check.expression = super::normalize_expr(&check.expression);
            }
            table.indexes.sort_by(|a, b| a.name.cmp(&b.name));
            for index in &mut table.indexes {
                for key in &mut index.keys {
                    if let IndexKey::Expression(expression) = key {
                        *expression = super::normalize_expr(expression);
                    }
                }
                index.predicate = index.predicate.take().map(|p| super::normalize_expr(&p));
            }
        }
        self
    }
}

impl TableSnapshot {
    /// The column with this name.
    pub fn column(&self, name: &str) -> Option<&ColumnSnapshot> {
        self.columns.iter().find(|c| c.name == name)
    }
}
