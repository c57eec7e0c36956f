//! `ColumnMeta` and the facts a column carries: default, foreign key.

use super::SqlType;
use crate::expr::Column;
use crate::table::Table;

/// One column of a table, as declared by a struct field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnMeta {
    /// The column name in the database.
    pub name: &'static str,
    /// The Rust field name.
    pub field: &'static str,
    /// The PostgreSQL type.
    pub sql_type: SqlType,
    /// `true` when the field is an `Option<_>` (NULL allowed).
    pub nullable: bool,
    /// The column default, if any.
    pub default: Option<DefaultValue>,
    /// `true` for a single-column primary key (`#[column(primary_key)]`).
    pub primary_key: bool,
    /// `true` for `#[column(unique)]`.
    pub unique: bool,
    /// `true` for `#[column(identity)]`: `GENERATED ALWAYS AS IDENTITY`.
    pub identity: bool,
    /// The foreign key declared by `#[column(references(..))]`.
    pub references: Option<ForeignKey>,
    /// A `CHECK` expression, trusted SQL written by the schema author.
    pub check: Option<&'static str>,
    /// The column's previous name (`#[column(renamed_from = "..")]`), for migrations.
    pub renamed_from: Option<&'static str>,
    /// `#[column(created_at)]`, `#[column(updated_at)]` or `#[column(version)]`: a
    /// column the database fills on insert and the update builders maintain.
    pub audit: Option<AuditRole>,
}

impl ColumnMeta {
    /// This column with an explicit SQL type (`varchar(n)`, `numeric(p, s)`); for the derive.
    #[doc(hidden)]
    pub const fn with_sql_type(mut self, sql_type: SqlType) -> Self {
        self.sql_type = sql_type;
        self
    }

    /// This column with a default; for the derive.
    #[doc(hidden)]
    pub const fn with_default(mut self, default: DefaultValue) -> Self {
        self.default = Some(default);
        self
    }

    /// This column referencing `target`; for the derive.
    #[doc(hidden)]
    pub const fn with_references<T: Table, V>(
        mut self,
        target: Column<T, V>,
        on_delete: FkAction,
        on_update: FkAction,
    ) -> Self {
        self.references = Some(ForeignKey { table: T::NAME, column: target.name(), on_delete, on_update });
        self
    }

    /// This column with a `CHECK` constraint; for the derive.
    #[doc(hidden)]
    pub const fn with_check(mut self, check: &'static str) -> Self {
        self.check = Some(check);
        self
    }

    /// This column, formerly called `renamed_from`; for the derive.
    #[doc(hidden)]
    pub const fn with_renamed_from(mut self, renamed_from: &'static str) -> Self {
        self.renamed_from = Some(renamed_from);
        self
    }

    /// This column with an audit role (and the default that goes with it); for the derive.
    #[doc(hidden)]
    pub const fn with_audit(mut self, role: AuditRole) -> Self {
        self.audit = Some(role);
        self.default = Some(role.default_value());
        self
    }

    /// `true` when an insert may leave this column out and the server fills it
    /// (a default, an identity, or NULL for a nullable column).
    pub fn has_server_value(&self) -> bool {
        self.default.is_some() || self.identity || self.nullable
    }
}

/// A column default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultValue {
    /// `default = "member"`: a literal value of the field's type, quoted as the type needs.
    Literal(&'static str),
    /// `default = sql("now()")`: a trusted SQL expression, written as is.
    Sql(&'static str),
}

/// What the builders do with an audit column, declared by `#[column(created_at)]`,
/// `#[column(updated_at)]` or `#[column(version)]`.
///
/// All three default on insert (`now()`, `now()`, `1`) and are left out of the
/// patch struct. Every UPDATE the builders issue (`.set`, `.patch`, an upsert's
/// `DO UPDATE`, a soft delete) sets `updated_at = now()` and `version = version + 1`;
/// `created_at` and `version` cannot be `.set(..)` at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditRole {
    /// `#[column(created_at)]`: when the row was inserted; no update changes it.
    CreatedAt,
    /// `#[column(updated_at)]`: set to `now()` by every update, unless the update sets it itself.
    UpdatedAt,
    /// `#[column(version)]`: starts at 1 and goes up by one with every update; checked
    /// by `.expect_version(v)` (optimistic locking).
    Version,
}

impl AuditRole {
    /// The attribute that declares the role: `created_at`, `updated_at` or `version`.
    pub fn attribute(self) -> &'static str {
        match self {
            AuditRole::CreatedAt => "created_at",
            AuditRole::UpdatedAt => "updated_at",
            AuditRole::Version => "version",
        }
    }

    /// The column default: `now()` for the timestamps, `1` for the version.
    pub const fn default_value(self) -> DefaultValue {
        match self {
            AuditRole::CreatedAt | AuditRole::UpdatedAt => DefaultValue::Sql("now()"),
            AuditRole::Version => DefaultValue::Literal("1"),
        }
    }

    /// `true` for the roles an update may never set: `created_at` and `version`.
    pub fn is_read_only(self) -> bool {
        matches!(self, AuditRole::CreatedAt | AuditRole::Version)
    }
}

/// A foreign key from one column to a column of another (or the same) table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForeignKey {
    /// The referenced table.
    pub table: &'static str,
    /// The referenced column.
    pub column: &'static str,
    /// `ON DELETE` action.
    pub on_delete: FkAction,
    /// `ON UPDATE` action.
    pub on_update: FkAction,
}

/// A referential action for `ON DELETE` / `ON UPDATE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FkAction {
    /// `NO ACTION` (PostgreSQL's default).
    #[default]
    NoAction,
    /// `RESTRICT`
    Restrict,
    /// `CASCADE`
    Cascade,
    /// `SET NULL`
    SetNull,
    /// `SET DEFAULT`
    SetDefault,
}

impl FkAction {
    /// The action as SQL spells it.
    pub fn as_sql(self) -> &'static str {
        match self {
            FkAction::NoAction => "NO ACTION",
            FkAction::Restrict => "RESTRICT",
            FkAction::Cascade => "CASCADE",
            FkAction::SetNull => "SET NULL",
            FkAction::SetDefault => "SET DEFAULT",
        }
    }
}
