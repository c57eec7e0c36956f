//! `create_sql`: the DDL that builds a schema in an empty database.

use orm_core::Schema;
use orm_core::render::SqlWriter;
use orm_core::schema::{ColumnMeta, DefaultValue, EnumMeta, FkAction, IndexMeta, TableMeta};

use super::literal::{push_default_literal, push_string_literal, push_type};
use super::names::{check_name, foreign_key_name, index_name, primary_key_name, unique_name};
use super::order::{PlannedTable, creation_order};

/// The DDL that creates `schema` in an empty database, as one script for
/// `batch_execute`.
///
/// In order: `CREATE TYPE .. AS ENUM` for every enum type; `CREATE TABLE` for
/// every table, a referenced table before the tables that reference it (otherwise
/// in schema order); `CREATE INDEX` for every index; and last, `ALTER TABLE .. ADD
/// CONSTRAINT .. FOREIGN KEY` for the foreign keys that could not be written
/// inline (those closing a cycle between tables, and those whose target column is
/// unique only through a unique index). Statements end with `;` and are separated
/// by a blank line. Every identifier is quoted. The output depends only on the
/// schema, so it can be compared or committed.
///
/// Constraints and unnamed indexes get the names PostgreSQL would choose itself
/// (`<table>_pkey`, `<table>_<column>_key`, `_check`, `_fkey`,
/// `<table>_<columns>_idx`), shortened to 63 bytes the way the server shortens
/// them. `DefaultValue::Sql` and `check` expressions are trusted SQL and written
/// as is; literal defaults are written as their column type needs (see
/// [`check_schema`](crate::check_schema), which also reports the literals that do
/// not fit: those are written as quoted strings, and PostgreSQL refuses them).
///
/// ```
/// use orm_core::Schema;
/// use orm_core::schema::{ColumnMeta, DefaultValue, SqlType, TableMeta};
///
/// static TAGS: TableMeta = TableMeta {
///     name: "tags",
///     struct_name: "Tag",
///     columns: &[
///         ColumnMeta {
///             name: "id",
///             field: "id",
///             sql_type: SqlType::BigInt,
///             nullable: false,
///             default: None,
///             primary_key: true,
///             unique: false,
///             identity: true,
///             references: None,
///             check: None,
///             renamed_from: None,
///         },
///         ColumnMeta {
///             name: "label",
///             field: "label",
///             sql_type: SqlType::Text,
///             nullable: false,
///             default: Some(DefaultValue::Literal("it's new")),
///             primary_key: false,
///             unique: true,
///             identity: false,
///             references: None,
///             check: None,
///             renamed_from: None,
///         },
///     ],
///     primary_key: &["id"],
///     indexes: &[],
///     renamed_from: None,
///     soft_delete: None,
/// };
///
/// let mut schema = Schema::new();
/// schema.add_table(&TAGS);
/// assert_eq!(
///     orm_migrate::create_sql(&schema),
///     r#"CREATE TABLE "tags" (
///     "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
///     "label" text NOT NULL DEFAULT 'it''s new',
///     CONSTRAINT "tags_pkey" PRIMARY KEY ("id"),
///     CONSTRAINT "tags_label_key" UNIQUE ("label")
/// );
/// "#
/// );
/// ```
pub fn create_sql(schema: &Schema) -> String {
    let mut w = SqlWriter::with_capacity(1024);
    for meta in schema.enums() {
        begin_statement(&mut w);
        push_create_type(&mut w, meta);
    }
    let plan = creation_order(schema.tables());
    for table in &plan {
        begin_statement(&mut w);
        push_create_table(&mut w, table);
    }
    for table in &plan {
        for index in table.meta.indexes {
            begin_statement(&mut w);
            push_create_index(&mut w, table.meta, index);
        }
    }
    for table in &plan {
        for column in &table.deferred {
            begin_statement(&mut w);
            push_add_foreign_key(&mut w, table.meta, column);
        }
    }
    w.finish().0
}

/// Separates the next statement from the previous one by a blank line.
fn begin_statement(w: &mut SqlWriter<'_>) {
    if !w.sql().is_empty() {
        w.push_sql("\n");
    }
}

/// `CREATE TYPE "name" AS ENUM ('a', 'b');`
fn push_create_type(w: &mut SqlWriter<'_>, meta: &EnumMeta) {
    w.push_sql("CREATE TYPE ");
    w.push_ident(meta.name);
    w.push_sql(" AS ENUM (");
    for (i, label) in meta.labels.iter().enumerate() {
        if i > 0 {
            w.push_sql(", ");
        }
        push_string_literal(w, label);
    }
    w.push_sql(");\n");
}

/// `CREATE TABLE "name" (<columns>, <constraints>);`, one item per line.
fn push_create_table(w: &mut SqlWriter<'_>, planned: &PlannedTable) {
    let table = planned.meta;
    w.push_sql("CREATE TABLE ");
    w.push_ident(table.name);
    w.push_sql(" (");
    let mut items = 0;
    let mut next_item = |w: &mut SqlWriter<'_>| {
        w.push_sql(if items == 0 { "\n    " } else { ",\n    " });
        items += 1;
    };
    for column in table.columns {
        next_item(w);
        push_column(w, column);
    }
    if !table.primary_key.is_empty() {
        next_item(w);
        push_constraint_name(w, &primary_key_name(table.name));
        w.push_sql("PRIMARY KEY ");
        push_ident_list(w, table.primary_key);
    }
    for column in table.columns.iter().filter(|c| c.unique) {
        next_item(w);
        push_constraint_name(w, &unique_name(table.name, column.name));
        w.push_sql("UNIQUE ");
        push_ident_list(w, &[column.name]);
    }
    for column in table.columns {
        if let Some(check) = column.check {
            next_item(w);
            push_constraint_name(w, &check_name(table.name, column.name));
            w.push_sql("CHECK (");
            w.push_sql(check);
            w.push_sql(")");
        }
    }
    for column in table.columns {
        if column.references.is_some() && planned.is_inline(column) {
            next_item(w);
            push_foreign_key(w, table, column);
        }
    }
    w.push_sql("\n);\n");
}

/// `"name" <type> [GENERATED ALWAYS AS IDENTITY] [NOT NULL] [DEFAULT ..]`
fn push_column(w: &mut SqlWriter<'_>, column: &ColumnMeta) {
    w.push_ident(column.name);
    w.push_sql(" ");
    push_type(w, &column.sql_type);
    if column.identity {
        w.push_sql(" GENERATED ALWAYS AS IDENTITY");
    }
    if !column.nullable {
        w.push_sql(" NOT NULL");
    }
    match column.default {
        _ if column.identity => {}
        None => {}
        Some(DefaultValue::Sql(expr)) => {
            w.push_sql(" DEFAULT ");
            w.push_sql(expr);
        }
        Some(DefaultValue::Literal(text)) => {
            w.push_sql(" DEFAULT ");
            push_default_literal(w, &column.sql_type, text);
        }
    }
}

/// `CONSTRAINT "name" `
fn push_constraint_name(w: &mut SqlWriter<'_>, name: &str) {
    w.push_sql("CONSTRAINT ");
    w.push_ident(name);
    w.push_sql(" ");
}

/// `CONSTRAINT "<table>_<col>_fkey" FOREIGN KEY ("col") REFERENCES "t" ("c") [ON DELETE ..] [ON UPDATE ..]`
/// for a column that has a foreign key.
fn push_foreign_key(w: &mut SqlWriter<'_>, table: &TableMeta, column: &ColumnMeta) {
    let Some(fk) = column.references else {
        return;
    };
    push_constraint_name(w, &foreign_key_name(table.name, column.name));
    w.push_sql("FOREIGN KEY ");
    push_ident_list(w, &[column.name]);
    w.push_sql(" REFERENCES ");
    w.push_ident(fk.table);
    w.push_sql(" ");
    push_ident_list(w, &[fk.column]);
    for (clause, action) in [(" ON DELETE ", fk.on_delete), (" ON UPDATE ", fk.on_update)] {
        if action != FkAction::NoAction {
            w.push_sql(clause);
            w.push_sql(action.as_sql());
        }
    }
}

/// `ALTER TABLE "t" ADD CONSTRAINT .. FOREIGN KEY ..;`
fn push_add_foreign_key(w: &mut SqlWriter<'_>, table: &TableMeta, column: &ColumnMeta) {
    w.push_sql("ALTER TABLE ");
    w.push_ident(table.name);
    w.push_sql(" ADD ");
    push_foreign_key(w, table, column);
    w.push_sql(";\n");
}

/// `CREATE [UNIQUE] INDEX "name" ON "table" [USING method] ("a", "b");`
fn push_create_index(w: &mut SqlWriter<'_>, table: &TableMeta, index: &IndexMeta) {
    w.push_sql(if index.unique { "CREATE UNIQUE INDEX " } else { "CREATE INDEX " });
    w.push_ident(&index_name(table, index));
    w.push_sql(" ON ");
    w.push_ident(table.name);
    if let Some(method) = index.using {
        w.push_sql(" USING ");
        // A method that is not a bare keyword is quoted, so it can only name an
        // access method (which then does not exist); `check_schema` reports it.
        if is_index_method(method) {
            w.push_sql(method);
        } else {
            w.push_ident(method);
        }
    }
    w.push_sql(" ");
    if index.expressions.is_empty() {
        push_ident_list(w, index.columns);
    } else {
        w.push_sql("(");
        for (i, expression) in index.expressions.iter().enumerate() {
            if i > 0 {
                w.push_sql(", ");
            }
            w.push_sql(expression);
        }
        w.push_sql(")");
    }
    if let Some(predicate) = index.predicate {
        w.push_sql(" WHERE ");
        w.push_sql(predicate);
    }
    w.push_sql(";\n");
}

/// `true` for an index method written as a bare keyword: `[a-z_]+`.
pub(crate) fn is_index_method(method: &str) -> bool {
    !method.is_empty() && method.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
}

/// `("a", "b")`
fn push_ident_list(w: &mut SqlWriter<'_>, idents: &[&str]) {
    w.push_sql("(");
    for (i, ident) in idents.iter().enumerate() {
        if i > 0 {
            w.push_sql(", ");
        }
        w.push_ident(ident);
    }
    w.push_sql(")");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::*;

    const USERS_SQL: &str = r#"CREATE TYPE "user_role" AS ENUM ('admin', 'member', 'it''s', E'back\\slash');

CREATE TABLE "users" (
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "email" text NOT NULL,
    "name" varchar(100) NOT NULL,
    "bio" text,
    "role" "user_role" NOT NULL DEFAULT 'member',
    "roles" "user_role"[],
    "tags" text[] NOT NULL DEFAULT '{}',
    "score" integer NOT NULL DEFAULT 0,
    "active" boolean NOT NULL DEFAULT true,
    "ratio" double precision NOT NULL DEFAULT -1.5e0,
    "price" numeric(10, 2) NOT NULL DEFAULT 9.99,
    "home" text NOT NULL DEFAULT E'C:\\temp\\it''s',
    "greeting" text NOT NULL DEFAULT 'grüße, 東京 🦀',
    "created_at" timestamptz NOT NULL DEFAULT now(),
    "seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    "invited_by" uuid,
    CONSTRAINT "users_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "users_email_key" UNIQUE ("email"),
    CONSTRAINT "users_score_check" CHECK (score >= 0),
    CONSTRAINT "users_invited_by_fkey" FOREIGN KEY ("invited_by") REFERENCES "users" ("id") ON DELETE SET NULL
);

CREATE INDEX "users_name_created_at_idx" ON "users" ("name", "created_at");

CREATE INDEX "users_tags_idx" ON "users" USING gin ("tags");

CREATE UNIQUE INDEX "users_by_seq" ON "users" ("seq");

CREATE UNIQUE INDEX "users_email_name_idx" ON "users" ("email", "name");
"#;

    #[test]
    fn renders_every_column_feature() {
        assert_eq!(create_sql(&schema(&[&USERS])), USERS_SQL);
    }

    #[test]
    fn an_empty_schema_renders_nothing() {
        assert_eq!(create_sql(&Schema::new()), "");
    }

    #[test]
    fn creates_a_referenced_table_first() {
        assert_eq!(
            create_sql(&schema(&[&BOOKS, &AUTHORS])),
            r#"CREATE TABLE "authors" (
    "id" integer NOT NULL,
    "name" text NOT NULL,
    CONSTRAINT "authors_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "books" (
    "id" integer NOT NULL,
    "author_id" integer NOT NULL,
    CONSTRAINT "books_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "books_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "authors" ("id") ON DELETE CASCADE ON UPDATE RESTRICT
);
"#
        );
    }

    #[test]
    fn breaks_a_cycle_with_alter_table() {
        assert_eq!(
            create_sql(&schema(&[&TEAMS, &PLAYERS])),
            r#"CREATE TABLE "teams" (
    "id" integer NOT NULL,
    "captain_id" integer,
    CONSTRAINT "teams_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "players" (
    "id" integer NOT NULL,
    "team_id" integer NOT NULL,
    CONSTRAINT "players_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "players_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams" ("id") ON DELETE CASCADE
);

ALTER TABLE "teams" ADD CONSTRAINT "teams_captain_id_fkey" FOREIGN KEY ("captain_id") REFERENCES "players" ("id") ON DELETE SET NULL;
"#
        );
    }

    #[test]
    fn adds_a_key_to_an_index_made_unique_after_the_index() {
        assert_eq!(
            create_sql(&schema(&[&CODES, &USES])),
            r#"CREATE TABLE "codes" (
    "id" text NOT NULL
);

CREATE TABLE "uses" (
    "code" text NOT NULL
);

CREATE UNIQUE INDEX "codes_id_idx" ON "codes" ("id");

ALTER TABLE "uses" ADD CONSTRAINT "uses_code_fkey" FOREIGN KEY ("code") REFERENCES "codes" ("id");
"#
        );
    }

    #[test]
    fn quotes_identifiers_with_double_quotes_and_composite_keys() {
        assert_eq!(
            create_sql(&schema(&[&ODD])),
            r#"CREATE TYPE "odd""kind" AS ENUM ('a"b');

CREATE TABLE "odd""table" (
    "we""ird" integer NOT NULL,
    "x""y" "odd""kind" NOT NULL,
    "self""ref" "odd""kind",
    CONSTRAINT "odd""table_pkey" PRIMARY KEY ("we""ird", "x""y"),
    CONSTRAINT "odd""table_x""y_key" UNIQUE ("x""y"),
    CONSTRAINT "odd""table_x""y_check" CHECK ("x""y" <> 'a"b'),
    CONSTRAINT "odd""table_self""ref_fkey" FOREIGN KEY ("self""ref") REFERENCES "odd""table" ("x""y") ON DELETE SET DEFAULT ON UPDATE CASCADE
);

CREATE INDEX "odd""table_self""ref_idx" ON "odd""table" USING hash ("self""ref");
"#
        );
    }

    #[test]
    fn bad_literals_and_methods_stay_quoted() {
        assert_eq!(
            create_sql(&schema(&[&SNEAKY])),
            r#"CREATE TABLE "sneaky" (
    "id" integer NOT NULL DEFAULT '1); DROP TABLE x; --',
    "flag" boolean NOT NULL DEFAULT 'yes',
    CONSTRAINT "sneaky_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "sneaky_id_idx" ON "sneaky" USING "gin (id); DROP TABLE x; --" ("id");
"#
        );
    }
}
