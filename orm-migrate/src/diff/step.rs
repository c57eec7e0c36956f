//! One step of a migration: what it does, its SQL both ways, and what it risks.

use orm_core::render::SqlWriter;

use crate::ddl::{
    push_check_def, push_column_def, push_create_enum, push_create_index, push_foreign_key_def, push_key_def,
    push_type_name, string_literal,
};
use crate::snapshot::{
    CheckSnapshot, ColumnSnapshot, EnumSnapshot, ForeignKeySnapshot, IndexSnapshot, KeySnapshot, Snapshot,
    TableSnapshot,
};

/// An object rebuilt with an enum type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Dependent {
    Check(CheckSnapshot),
    Index(IndexSnapshot),
}

/// What a step does, with everything needed to write its SQL both ways.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Change {
    CreateEnum(EnumSnapshot),
    /// `ALTER TYPE .. ADD VALUE 'label' [BEFORE 'next']`.
    AddEnumValue {
        name: String,
        label: String,
        before: Option<String>,
    },
    /// Labels removed or reordered: the type is rebuilt and its columns converted.
    RebuildEnum {
        from: EnumSnapshot,
        to: EnumSnapshot,
        columns: Vec<(String, String)>,
        /// Checks and partial or expression indexes (by table) that may compare
        /// a column with a label: dropped before the rebuild, created after it.
        dependents: Vec<(String, Dependent)>,
    },
    DropEnum(EnumSnapshot),
    RenameTable {
        from: String,
        to: String,
    },
    /// Created with the given foreign keys inline (the others are added later).
    CreateTable {
        table: TableSnapshot,
        inline_keys: Vec<String>,
    },
    DropTable(TableSnapshot),
    RenameColumn {
        table: String,
        from: String,
        to: String,
    },
    AddColumn {
        table: String,
        column: ColumnSnapshot,
    },
    DropColumn {
        table: String,
        column: ColumnSnapshot,
    },
    AlterType {
        table: String,
        column: String,
        from: String,
        to: String,
        using: bool,
    },
    /// `ADD GENERATED ALWAYS AS IDENTITY` (the sequence continues after the
    /// largest value) or `DROP IDENTITY`.
    SetIdentity {
        table: String,
        column: String,
        identity: bool,
    },
    /// NULLs are first replaced by `backfill` (the column's default), when there is one.
    SetNotNull {
        table: String,
        column: String,
        backfill: Option<String>,
    },
    DropNotNull {
        table: String,
        column: String,
    },
    SetDefault {
        table: String,
        column: String,
        from: Option<String>,
        to: String,
    },
    DropDefault {
        table: String,
        column: String,
        from: String,
    },
    RenameConstraint {
        table: String,
        from: String,
        to: String,
    },
    RenameIndex {
        table: String,
        from: String,
        to: String,
    },
    AddPrimaryKey {
        table: String,
        key: KeySnapshot,
    },
    DropPrimaryKey {
        table: String,
        key: KeySnapshot,
    },
    AddUnique {
        table: String,
        key: KeySnapshot,
    },
    DropUnique {
        table: String,
        key: KeySnapshot,
    },
    AddCheck {
        table: String,
        check: CheckSnapshot,
    },
    DropCheck {
        table: String,
        check: CheckSnapshot,
    },
    AddForeignKey {
        table: String,
        key: ForeignKeySnapshot,
    },
    DropForeignKey {
        table: String,
        key: ForeignKeySnapshot,
    },
    CreateIndex {
        table: String,
        index: IndexSnapshot,
    },
    DropIndex {
        table: String,
        index: IndexSnapshot,
    },
}

impl Change {
    /// The table the step changes, if it is about one.
    pub(crate) fn table(&self) -> Option<&str> {
        match self {
            Change::CreateEnum(_)
            | Change::AddEnumValue { .. }
            | Change::RebuildEnum { .. }
            | Change::DropEnum(_) => None,
            Change::RenameTable { to, .. } => Some(to),
            Change::CreateTable { table, .. } | Change::DropTable(table) => Some(&table.name),
            Change::RenameColumn { table, .. }
            | Change::AddColumn { table, .. }
            | Change::DropColumn { table, .. }
            | Change::AlterType { table, .. }
            | Change::SetIdentity { table, .. }
            | Change::SetNotNull { table, .. }
            | Change::DropNotNull { table, .. }
            | Change::SetDefault { table, .. }
            | Change::DropDefault { table, .. }
            | Change::RenameConstraint { table, .. }
            | Change::RenameIndex { table, .. }
            | Change::AddPrimaryKey { table, .. }
            | Change::DropPrimaryKey { table, .. }
            | Change::AddUnique { table, .. }
            | Change::DropUnique { table, .. }
            | Change::AddCheck { table, .. }
            | Change::DropCheck { table, .. }
            | Change::AddForeignKey { table, .. }
            | Change::DropForeignKey { table, .. }
            | Change::CreateIndex { table, .. }
            | Change::DropIndex { table, .. } => Some(table),
        }
    }

    /// One line saying what the step does: `add column "users"."bio"`.
    pub(crate) fn describe(&self) -> String {
        match self {
            Change::CreateEnum(e) => format!("create enum type {:?}", e.name),
            Change::AddEnumValue { name, label, .. } => format!("add value {label:?} to enum type {name:?}"),
            Change::RebuildEnum { from, to, .. } => {
                let removed: Vec<_> = from.labels.iter().filter(|l| !to.labels.contains(l)).collect();
                if removed.is_empty() {
                    format!("reorder the values of enum type {:?}", to.name)
                } else {
                    format!("remove value(s) {removed:?} from enum type {:?}", to.name)
                }
            }
            Change::DropEnum(e) => format!("drop enum type {:?}", e.name),
            Change::RenameTable { from, to } => format!("rename table {from:?} to {to:?}"),
            Change::CreateTable { table, .. } => format!("create table {:?}", table.name),
            Change::DropTable(table) => format!("drop table {:?}", table.name),
            Change::RenameColumn { table, from, to } => format!("rename column {table:?}.{from:?} to {to:?}"),
            Change::AddColumn { table, column } => format!("add column {table:?}.{:?}", column.name),
            Change::DropColumn { table, column } => format!("drop column {table:?}.{:?}", column.name),
            Change::AlterType { table, column, from, to, .. } => {
                format!("change the type of {table:?}.{column:?} from {from} to {to}")
            }
            Change::SetIdentity { table, column, identity: true } => {
                format!("make {table:?}.{column:?} an identity column")
            }
            Change::SetIdentity { table, column, identity: false } => {
                format!("stop generating {table:?}.{column:?} (drop identity)")
            }
            Change::SetNotNull { table, column, backfill: None } => {
                format!("make {table:?}.{column:?} NOT NULL")
            }
            Change::SetNotNull { table, column, backfill: Some(value) } => {
                format!("make {table:?}.{column:?} NOT NULL (NULLs become {value})")
            }
            Change::DropNotNull { table, column } => format!("allow NULL in {table:?}.{column:?}"),
            Change::SetDefault { table, column, to, .. } => {
                format!("set the default of {table:?}.{column:?} to {to}")
            }
            Change::DropDefault { table, column, .. } => format!("drop the default of {table:?}.{column:?}"),
            Change::RenameConstraint { table, from, to } => {
                format!("rename constraint {from:?} of {table:?} to {to:?}")
            }
            Change::RenameIndex { from, to, .. } => format!("rename index {from:?} to {to:?}"),
            Change::AddPrimaryKey { table, key } => format!("add primary key {:?} to {table:?}", key.name),
            Change::DropPrimaryKey { table, key } => format!("drop primary key {:?} of {table:?}", key.name),
            Change::AddUnique { table, key } => format!("add unique constraint {:?} to {table:?}", key.name),
            Change::DropUnique { table, key } => {
                format!("drop unique constraint {:?} of {table:?}", key.name)
            }
            Change::AddCheck { table, check } => format!("add check {:?} to {table:?}", check.name),
            Change::DropCheck { table, check } => format!("drop check {:?} of {table:?}", check.name),
            Change::AddForeignKey { table, key } => format!("add foreign key {:?} to {table:?}", key.name),
            Change::DropForeignKey { table, key } => format!("drop foreign key {:?} of {table:?}", key.name),
            Change::CreateIndex { table, index } => format!("create index {:?} on {table:?}", index.name),
            Change::DropIndex { table, index } => format!("drop index {:?} of {table:?}", index.name),
        }
    }

    /// The forward SQL, one or more statements each ending with `;`.
    /// `enums` is the snapshot the step leads to (for quoting enum type names).
    pub(crate) fn up_sql(&self, enums: &Snapshot) -> String {
        let mut w = SqlWriter::with_capacity(128);
        self.push_up(&mut w, enums);
        w.finish().0
    }

    /// The SQL that undoes the step, or `None` when it cannot be undone.
    /// `enums` is the snapshot the step starts from.
    pub(crate) fn down_sql(&self, enums: &Snapshot) -> Option<String> {
        let inverse = self.inverse()?;
        Some(inverse.up_sql(enums))
    }

    /// The step that undoes this one, when there is one.
    fn inverse(&self) -> Option<Change> {
        let table_of = |t: &String| t.clone();
        Some(match self {
            Change::CreateEnum(e) => Change::DropEnum(e.clone()),
            Change::AddEnumValue { .. } | Change::RebuildEnum { .. } => return None,
            Change::DropEnum(e) => Change::CreateEnum(e.clone()),
            Change::RenameTable { from, to } => Change::RenameTable { from: to.clone(), to: from.clone() },
            Change::CreateTable { table, .. } => Change::DropTable(table.clone()),
            Change::DropTable(_) | Change::DropColumn { .. } => return None,
            Change::RenameColumn { table, from, to } => {
                Change::RenameColumn { table: table_of(table), from: to.clone(), to: from.clone() }
            }
            Change::AddColumn { table, column } => {
                Change::DropColumn { table: table_of(table), column: column.clone() }
            }
            Change::AlterType { table, column, from, to, .. } => Change::AlterType {
                table: table_of(table),
                column: column.clone(),
                from: to.clone(),
                to: from.clone(),
                using: true,
            },
            Change::SetIdentity { table, column, identity } => {
                Change::SetIdentity { table: table_of(table), column: column.clone(), identity: !identity }
            }
            Change::SetNotNull { table, column, .. } => {
                Change::DropNotNull { table: table_of(table), column: column.clone() }
            }
            Change::DropNotNull { table, column } => {
                Change::SetNotNull { table: table_of(table), column: column.clone(), backfill: None }
            }
            Change::SetDefault { table, column, from: Some(from), to } => Change::SetDefault {
                table: table_of(table),
                column: column.clone(),
                from: Some(to.clone()),
                to: from.clone(),
            },
            Change::SetDefault { table, column, from: None, to } => {
                Change::DropDefault { table: table_of(table), column: column.clone(), from: to.clone() }
            }
            Change::DropDefault { table, column, from } => Change::SetDefault {
                table: table_of(table),
                column: column.clone(),
                from: None,
                to: from.clone(),
            },
            Change::RenameConstraint { table, from, to } => {
                Change::RenameConstraint { table: table_of(table), from: to.clone(), to: from.clone() }
            }
            Change::RenameIndex { table, from, to } => {
                Change::RenameIndex { table: table_of(table), from: to.clone(), to: from.clone() }
            }
            Change::AddPrimaryKey { table, key } => {
                Change::DropPrimaryKey { table: table_of(table), key: key.clone() }
            }
            Change::DropPrimaryKey { table, key } => {
                Change::AddPrimaryKey { table: table_of(table), key: key.clone() }
            }
            Change::AddUnique { table, key } => {
                Change::DropUnique { table: table_of(table), key: key.clone() }
            }
            Change::DropUnique { table, key } => {
                Change::AddUnique { table: table_of(table), key: key.clone() }
            }
            Change::AddCheck { table, check } => {
                Change::DropCheck { table: table_of(table), check: check.clone() }
            }
            Change::DropCheck { table, check } => {
                Change::AddCheck { table: table_of(table), check: check.clone() }
            }
            Change::AddForeignKey { table, key } => {
                Change::DropForeignKey { table: table_of(table), key: key.clone() }
            }
            Change::DropForeignKey { table, key } => {
                Change::AddForeignKey { table: table_of(table), key: key.clone() }
            }
            Change::CreateIndex { table, index } => {
                Change::DropIndex { table: table_of(table), index: index.clone() }
            }
            Change::DropIndex { table, index } => {
                Change::CreateIndex { table: table_of(table), index: index.clone() }
            }
        })
    }

    fn push_up(&self, w: &mut SqlWriter<'_>, enums: &Snapshot) {
        match self {
            Change::CreateEnum(e) => {
                push_create_enum(w, e);
                w.push_sql(";\n");
            }
            Change::AddEnumValue { name, label, before } => {
                w.push_sql("ALTER TYPE ");
                w.push_ident(name);
                w.push_sql(" ADD VALUE ");
                w.push_sql(&string_literal(label));
                if let Some(before) = before {
                    w.push_sql(" BEFORE ");
                    w.push_sql(&string_literal(before));
                }
                w.push_sql(";\n");
            }
            Change::RebuildEnum { from, to, columns, dependents } => {
                for (table, dependent) in dependents {
                    match dependent {
                        Dependent::Check(check) => {
                            Change::DropCheck { table: table.clone(), check: check.clone() }.push_up(w, enums)
                        }
                        Dependent::Index(index) => {
                            Change::DropIndex { table: table.clone(), index: index.clone() }.push_up(w, enums)
                        }
                    }
                }
                push_rebuild_enum(w, from, to, columns, enums);
                for (table, dependent) in dependents {
                    match dependent {
                        Dependent::Check(check) => {
                            Change::AddCheck { table: table.clone(), check: check.clone() }.push_up(w, enums)
                        }
                        Dependent::Index(index) => {
                            Change::CreateIndex { table: table.clone(), index: index.clone() }
                                .push_up(w, enums)
                        }
                    }
                }
            }
            Change::DropEnum(e) => {
                w.push_sql("DROP TYPE ");
                w.push_ident(&e.name);
                w.push_sql(";\n");
            }
            Change::RenameTable { from, to } => {
                alter_table(w, from);
                w.push_sql(" RENAME TO ");
                w.push_ident(to);
                w.push_sql(";\n");
            }
            Change::CreateTable { table, inline_keys } => push_create_table(w, table, inline_keys, enums),
            Change::DropTable(table) => {
                w.push_sql("DROP TABLE ");
                w.push_ident(&table.name);
                w.push_sql(";\n");
            }
            Change::RenameColumn { table, from, to } => {
                alter_table(w, table);
                w.push_sql(" RENAME COLUMN ");
                w.push_ident(from);
                w.push_sql(" TO ");
                w.push_ident(to);
                w.push_sql(";\n");
            }
            Change::AddColumn { table, column } => {
                alter_table(w, table);
                w.push_sql(" ADD COLUMN ");
                push_column_def(w, column, enums);
                w.push_sql(";\n");
            }
            Change::DropColumn { table, column } => {
                alter_table(w, table);
                w.push_sql(" DROP COLUMN ");
                w.push_ident(&column.name);
                w.push_sql(";\n");
            }
            Change::AlterType { table, column, from, to, using } => {
                alter_column(w, table, column);
                w.push_sql(" TYPE ");
                push_type_name(w, to, enums);
                if *using {
                    w.push_sql(" USING ");
                    w.push_ident(column);
                    // An enum converts to and from other types through its text.
                    let base = |t: &str| t.trim_end_matches("[]").to_owned();
                    if enums.enum_type(&base(to)).is_some() || !super::types::is_builtin(&base(from)) {
                        w.push_sql(if to.ends_with("[]") { "::text[]" } else { "::text" });
                    }
                    w.push_sql("::");
                    push_type_name(w, to, enums);
                }
                w.push_sql(";\n");
            }
            Change::SetIdentity { table, column, identity: true } => {
                alter_column(w, table, column);
                w.push_sql(" ADD GENERATED ALWAYS AS IDENTITY;\n");
                // The sequence starts after the values already there.
                w.push_sql("SELECT setval(pg_get_serial_sequence(");
                w.push_sql(&string_literal(&quoted(table)));
                w.push_sql(", ");
                w.push_sql(&string_literal(column));
                w.push_sql("), coalesce(max(");
                w.push_ident(column);
                w.push_sql("), 0) + 1, false) FROM ");
                w.push_ident(table);
                w.push_sql(";\n");
            }
            Change::SetIdentity { table, column, identity: false } => {
                alter_column(w, table, column);
                w.push_sql(" DROP IDENTITY;\n");
            }
            Change::SetNotNull { table, column, backfill } => {
                if let Some(value) = backfill {
                    w.push_sql("UPDATE ");
                    w.push_ident(table);
                    w.push_sql(" SET ");
                    w.push_ident(column);
                    w.push_sql(" = ");
                    w.push_sql(value);
                    w.push_sql(" WHERE ");
                    w.push_ident(column);
                    w.push_sql(" IS NULL;\n");
                }
                alter_column(w, table, column);
                w.push_sql(" SET NOT NULL;\n");
            }
            Change::DropNotNull { table, column } => {
                alter_column(w, table, column);
                w.push_sql(" DROP NOT NULL;\n");
            }
            Change::SetDefault { table, column, to, .. } => {
                alter_column(w, table, column);
                w.push_sql(" SET DEFAULT ");
                w.push_sql(to);
                w.push_sql(";\n");
            }
            Change::DropDefault { table, column, .. } => {
                alter_column(w, table, column);
                w.push_sql(" DROP DEFAULT;\n");
            }
            Change::RenameConstraint { table, from, to } => {
                alter_table(w, table);
                w.push_sql(" RENAME CONSTRAINT ");
                w.push_ident(from);
                w.push_sql(" TO ");
                w.push_ident(to);
                w.push_sql(";\n");
            }
            Change::RenameIndex { from, to, .. } => {
                w.push_sql("ALTER INDEX ");
                w.push_ident(from);
                w.push_sql(" RENAME TO ");
                w.push_ident(to);
                w.push_sql(";\n");
            }
            Change::AddPrimaryKey { table, key } | Change::AddUnique { table, key } => {
                alter_table(w, table);
                w.push_sql(" ADD ");
                push_key_def(w, key, matches!(self, Change::AddPrimaryKey { .. }));
                w.push_sql(";\n");
            }
            Change::AddCheck { table, check } => {
                alter_table(w, table);
                w.push_sql(" ADD ");
                push_check_def(w, check);
                w.push_sql(";\n");
            }
            Change::AddForeignKey { table, key } => {
                alter_table(w, table);
                w.push_sql(" ADD ");
                push_foreign_key_def(w, key);
                w.push_sql(";\n");
            }
            Change::DropPrimaryKey { table, key: KeySnapshot { name, .. } }
            | Change::DropUnique { table, key: KeySnapshot { name, .. } }
            | Change::DropCheck { table, check: CheckSnapshot { name, .. } }
            | Change::DropForeignKey { table, key: ForeignKeySnapshot { name, .. } } => {
                alter_table(w, table);
                w.push_sql(" DROP CONSTRAINT ");
                w.push_ident(name);
                w.push_sql(";\n");
            }
            Change::CreateIndex { table, index } => {
                push_create_index(w, table, index);
                w.push_sql(";\n");
            }
            Change::DropIndex { index, .. } => {
                w.push_sql("DROP INDEX ");
                w.push_ident(&index.name);
                w.push_sql(";\n");
            }
        }
    }
}

/// `"name"` with inner quotes doubled, as text (for a regclass argument).
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn alter_table(w: &mut SqlWriter<'_>, table: &str) {
    w.push_sql("ALTER TABLE ");
    w.push_ident(table);
}

fn alter_column(w: &mut SqlWriter<'_>, table: &str, column: &str) {
    alter_table(w, table);
    w.push_sql(" ALTER COLUMN ");
    w.push_ident(column);
}

/// `CREATE TABLE` with the primary key, uniques, checks and the named foreign
/// keys inline, one item per line.
pub(crate) fn push_create_table(
    w: &mut SqlWriter<'_>,
    table: &TableSnapshot,
    inline_keys: &[String],
    enums: &Snapshot,
) {
    w.push_sql("CREATE TABLE ");
    w.push_ident(&table.name);
    w.push_sql(" (");
    let mut first = true;
    let mut next_item = |w: &mut SqlWriter<'_>| {
        w.push_sql(if first { "\n    " } else { ",\n    " });
        first = false;
    };
    for column in &table.columns {
        next_item(w);
        push_column_def(w, column, enums);
    }
    if let Some(key) = &table.primary_key {
        next_item(w);
        push_key_def(w, key, true);
    }
    for key in &table.uniques {
        next_item(w);
        push_key_def(w, key, false);
    }
    for check in &table.checks {
        next_item(w);
        push_check_def(w, check);
    }
    for key in table.foreign_keys.iter().filter(|k| inline_keys.contains(&k.name)) {
        next_item(w);
        push_foreign_key_def(w, key);
    }
    w.push_sql("\n);\n");
}

/// Rebuilds an enum type whose labels were removed or reordered: the old type is
/// renamed aside, the new one created, each column converted through its text
/// (a value whose label is gone makes the conversion fail, so nothing is lost
/// silently), and the old type dropped.
fn push_rebuild_enum(
    w: &mut SqlWriter<'_>,
    from: &EnumSnapshot,
    to: &EnumSnapshot,
    columns: &[(String, String)],
    enums: &Snapshot,
) {
    let aside = format!("{}__orm_old", from.name);
    w.push_sql("ALTER TYPE ");
    w.push_ident(&from.name);
    w.push_sql(" RENAME TO ");
    w.push_ident(&aside);
    w.push_sql(";\n");
    push_create_enum(w, to);
    w.push_sql(";\n");
    for (table, column) in columns {
        let declared = enums.table(table).and_then(|t| t.column(column));
        let sql_type = declared.map_or_else(|| to.name.clone(), |c| c.sql_type.clone());
        let default = declared.and_then(|c| c.default.as_deref());
        let array = sql_type.ends_with("[]");
        if default.is_some() {
            // The old default cannot be converted by the type change: set again after it.
            alter_column(w, table, column);
            w.push_sql(" DROP DEFAULT;\n");
        }
        alter_column(w, table, column);
        w.push_sql(" TYPE ");
        push_type_name(w, &sql_type, enums);
        w.push_sql(" USING ");
        w.push_ident(column);
        w.push_sql(if array { "::text[]::" } else { "::text::" });
        push_type_name(w, &sql_type, enums);
        w.push_sql(";\n");
        if let Some(default) = default {
            alter_column(w, table, column);
            w.push_sql(" SET DEFAULT ");
            w.push_sql(default);
            w.push_sql(";\n");
        }
    }
    w.push_sql("DROP TYPE ");
    w.push_ident(&aside);
    w.push_sql(";\n");
}
