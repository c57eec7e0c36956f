//! The attribute keys the derives understand, as named constants.

use std::fmt;

use syn::{Ident, Path};

/// An attribute key.
#[derive(Clone, Copy)]
pub(crate) struct Symbol(pub(crate) &'static str);

// Attribute names.
pub(crate) const TABLE: Symbol = Symbol("table");
pub(crate) const COLUMN: Symbol = Symbol("column");
pub(crate) const INDEX: Symbol = Symbol("index");
pub(crate) const UNIQUE_INDEX: Symbol = Symbol("unique_index");
pub(crate) const PG_ENUM: Symbol = Symbol("pg_enum");
pub(crate) const HAS_MANY: Symbol = Symbol("has_many");
pub(crate) const HAS_ONE: Symbol = Symbol("has_one");
pub(crate) const BELONGS_TO: Symbol = Symbol("belongs_to");
pub(crate) const MANY_TO_MANY: Symbol = Symbol("many_to_many");

// Relation keys.
pub(crate) const FK: Symbol = Symbol("fk");
pub(crate) const KEY: Symbol = Symbol("key");
pub(crate) const THROUGH: Symbol = Symbol("through");
pub(crate) const FROM: Symbol = Symbol("from");
pub(crate) const TO: Symbol = Symbol("to");
pub(crate) const TARGET_KEY: Symbol = Symbol("target_key");

// Keys.
pub(crate) const NAME: Symbol = Symbol("name");
pub(crate) const PRIMARY_KEY: Symbol = Symbol("primary_key");
pub(crate) const RENAMED_FROM: Symbol = Symbol("renamed_from");
pub(crate) const SOFT_DELETE: Symbol = Symbol("soft_delete");
pub(crate) const UNIQUE: Symbol = Symbol("unique");
pub(crate) const DEFAULT: Symbol = Symbol("default");
pub(crate) const SQL: Symbol = Symbol("sql");
pub(crate) const REFERENCES: Symbol = Symbol("references");
pub(crate) const ON_DELETE: Symbol = Symbol("on_delete");
pub(crate) const ON_UPDATE: Symbol = Symbol("on_update");
pub(crate) const CHECK: Symbol = Symbol("check");
pub(crate) const VARCHAR: Symbol = Symbol("varchar");
pub(crate) const NUMERIC: Symbol = Symbol("numeric");
pub(crate) const IDENTITY: Symbol = Symbol("identity");
pub(crate) const VALIDATE: Symbol = Symbol("validate");
pub(crate) const COLUMNS: Symbol = Symbol("columns");
pub(crate) const USING: Symbol = Symbol("using");
pub(crate) const EXPRESSIONS: Symbol = Symbol("expressions");
pub(crate) const WHERE: Symbol = Symbol("where");
pub(crate) const RENAME: Symbol = Symbol("rename");
pub(crate) const CREATED_AT: Symbol = Symbol("created_at");
pub(crate) const UPDATED_AT: Symbol = Symbol("updated_at");
pub(crate) const VERSION: Symbol = Symbol("version");

impl PartialEq<Symbol> for Ident {
    fn eq(&self, word: &Symbol) -> bool {
        self == word.0
    }
}

impl PartialEq<Symbol> for Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl PartialEq<Symbol> for &Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}
