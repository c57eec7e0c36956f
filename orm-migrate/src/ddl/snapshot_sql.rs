//! DDL text from snapshot parts: column definitions, constraints, indexes. Every
//! identifier is quoted; types, defaults and expressions come from the snapshot,
//! which comes from the schema author's code.

use orm_core::render::SqlWriter;

use super::literal::push_string_literal;
use crate::snapshot::{
    CheckSnapshot, ColumnSnapshot, EnumSnapshot, ForeignKeySnapshot, IndexKey, IndexSnapshot, KeySnapshot,
    Snapshot,
};

/// Writes a column type: an enum type (one of `enums`) as a quoted name, other
/// types as the snapshot spells them.
pub(crate) fn push_type_name(w: &mut SqlWriter<'_>, sql_type: &str, enums: &Snapshot) {
    let base = sql_type.trim_end_matches("[]");
    if enums.enum_type(base).is_some() {
        w.push_ident(base);
        w.push_sql(&sql_type[base.len()..]);
    } else {
        w.push_sql(sql_type);
    }
}

/// `"name" <type> [GENERATED ALWAYS AS IDENTITY] [NOT NULL] [DEFAULT ..]`
pub(crate) fn push_column_def(w: &mut SqlWriter<'_>, column: &ColumnSnapshot, enums: &Snapshot) {
    w.push_ident(&column.name);
    w.push_sql(" ");
    push_type_name(w, &column.sql_type, enums);
    if column.identity {
        w.push_sql(" GENERATED ALWAYS AS IDENTITY");
    }
    if !column.nullable {
        w.push_sql(" NOT NULL");
    }
    if let Some(default) = &column.default {
        w.push_sql(" DEFAULT ");
        w.push_sql(default);
    }
}

/// `CONSTRAINT "name" PRIMARY KEY ("a", "b")` (or `UNIQUE`).
pub(crate) fn push_key_def(w: &mut SqlWriter<'_>, key: &KeySnapshot, primary: bool) {
    push_constraint_name(w, &key.name);
    w.push_sql(if primary { "PRIMARY KEY " } else { "UNIQUE " });
    push_ident_list(w, &key.columns);
}

/// `CONSTRAINT "name" CHECK (..)`
pub(crate) fn push_check_def(w: &mut SqlWriter<'_>, check: &CheckSnapshot) {
    push_constraint_name(w, &check.name);
    w.push_sql("CHECK (");
    w.push_sql(&check.expression);
    w.push_sql(")");
}

/// `CONSTRAINT "name" FOREIGN KEY ("c") REFERENCES "t" ("id") [ON DELETE ..] [ON UPDATE ..]`
pub(crate) fn push_foreign_key_def(w: &mut SqlWriter<'_>, fk: &ForeignKeySnapshot) {
    push_constraint_name(w, &fk.name);
    w.push_sql("FOREIGN KEY ");
    push_ident_list(w, &fk.columns);
    w.push_sql(" REFERENCES ");
    w.push_ident(&fk.references);
    w.push_sql(" ");
    push_ident_list(w, &fk.referenced_columns);
    for (clause, action) in [(" ON DELETE ", &fk.on_delete), (" ON UPDATE ", &fk.on_update)] {
        if action != "NO ACTION" {
            w.push_sql(clause);
            w.push_sql(action_sql(action));
        }
    }
}

/// A referential action from a snapshot, limited to the five PostgreSQL knows.
fn action_sql(action: &str) -> &'static str {
    match action {
        "RESTRICT" => "RESTRICT",
        "CASCADE" => "CASCADE",
        "SET NULL" => "SET NULL",
        "SET DEFAULT" => "SET DEFAULT",
        _ => "NO ACTION",
    }
}

/// `CREATE [UNIQUE] INDEX "name" ON "table" [USING method] (keys) [WHERE ..]`
pub(crate) fn push_create_index(w: &mut SqlWriter<'_>, table: &str, index: &IndexSnapshot) {
    w.push_sql(if index.unique { "CREATE UNIQUE INDEX " } else { "CREATE INDEX " });
    w.push_ident(&index.name);
    w.push_sql(" ON ");
    w.push_ident(table);
    if index.using != "btree" {
        w.push_sql(" USING ");
        // A method that is not a bare keyword is quoted, so it can only name an
        // access method (which then does not exist); `check_schema` reports it.
        if super::is_index_method(&index.using) {
            w.push_sql(&index.using);
        } else {
            w.push_ident(&index.using);
        }
    }
    w.push_sql(" (");
    for (i, key) in index.keys.iter().enumerate() {
        if i > 0 {
            w.push_sql(", ");
        }
        match key {
            IndexKey::Column(column) => w.push_ident(column),
            IndexKey::Expression(expression) => {
                w.push_sql("(");
                w.push_sql(expression);
                w.push_sql(")");
            }
        }
    }
    w.push_sql(")");
    if let Some(predicate) = &index.predicate {
        w.push_sql(" WHERE ");
        w.push_sql(predicate);
    }
}

/// `CREATE TYPE "name" AS ENUM ('a', 'b')`
pub(crate) fn push_create_enum(w: &mut SqlWriter<'_>, meta: &EnumSnapshot) {
    w.push_sql("CREATE TYPE ");
    w.push_ident(&meta.name);
    w.push_sql(" AS ENUM (");
    for (i, label) in meta.labels.iter().enumerate() {
        if i > 0 {
            w.push_sql(", ");
        }
        push_string_literal(w, label);
    }
    w.push_sql(")");
}

/// `CONSTRAINT "name" `
fn push_constraint_name(w: &mut SqlWriter<'_>, name: &str) {
    w.push_sql("CONSTRAINT ");
    w.push_ident(name);
    w.push_sql(" ");
}

/// `("a", "b")`
pub(crate) fn push_ident_list(w: &mut SqlWriter<'_>, idents: &[String]) {
    w.push_sql("(");
    for (i, ident) in idents.iter().enumerate() {
        if i > 0 {
            w.push_sql(", ");
        }
        w.push_ident(ident);
    }
    w.push_sql(")");
}
