//! `Schema`: the set of tables and enums an application declares with `orm::schema![..]`.

use super::{EnumMeta, SqlType, TableMeta};

/// The tables and enum types of an application.
///
/// Built with `orm::schema![User, Post, Role]` (any order). Enum types used by a
/// table's columns are added with the table, so listing them is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schema {
    tables: Vec<&'static TableMeta>,
    enums: Vec<&'static EnumMeta>,
}

impl Schema {
    /// An empty schema.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a table (and the enum types its columns use). Adding the same table
    /// twice keeps it once; two different tables of one name are both kept, so that
    /// orm-migrate's `check_schema` can report the clash.
    pub fn add_table(&mut self, table: &'static TableMeta) -> &mut Self {
        if !self.tables.iter().any(|t| std::ptr::eq(*t, table)) {
            self.tables.push(table);
        }
        for column in table.columns {
            if let SqlType::Enum(meta) = column.sql_type.element() {
                self.add_enum(meta);
            }
        }
        self
    }

    /// Adds an enum type; one already present (same name and labels) is kept once.
    pub fn add_enum(&mut self, meta: &'static EnumMeta) -> &mut Self {
        if !self.enums.contains(&meta) {
            self.enums.push(meta);
        }
        self
    }

    /// Adds a table or an enum type by its Rust type.
    pub fn add<T: SchemaItem>(&mut self) -> &mut Self {
        T::add_to(self);
        self
    }

    /// The tables, in the order they were added.
    pub fn tables(&self) -> &[&'static TableMeta] {
        &self.tables
    }

    /// The enum types, in the order they were added.
    pub fn enums(&self) -> &[&'static EnumMeta] {
        &self.enums
    }

    /// The table with this database name.
    pub fn table(&self, name: &str) -> Option<&'static TableMeta> {
        self.tables.iter().copied().find(|t| t.name == name)
    }
}

/// A type that can be listed in `orm::schema![..]`: derived tables and enums.
pub trait SchemaItem {
    /// Adds this item to `schema`.
    fn add_to(schema: &mut Schema);
}

/// Every derived table adds its own metadata.
impl<T: crate::table::Table> SchemaItem for T {
    fn add_to(schema: &mut Schema) {
        schema.add_table(T::meta());
    }
}
