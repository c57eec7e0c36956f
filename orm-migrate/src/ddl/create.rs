//! `create_sql`: the DDL that builds a schema in an empty database.

use orm_core::Schema;

use crate::Snapshot;

/// The DDL that creates `schema` in an empty database, as one script for
/// `batch_execute`.
///
/// In order: `CREATE TYPE .. AS ENUM` for every enum type; `CREATE TABLE` for
/// every table, a referenced table before the tables that reference it (otherwise
/// by name); `CREATE INDEX` for every index (by name); and last, `ALTER TABLE ..
/// ADD CONSTRAINT .. FOREIGN KEY` for the foreign keys that could not be written
/// inline (those closing a cycle between tables, and those whose target column is
/// unique only through a unique index). It is [`diff`](crate::diff) from an empty
/// database, without the comments. Statements end with `;` and are separated
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
///             audit: None,
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
///             audit: None,
///         },
///     ],
///     primary_key: &["id"],
///     indexes: &[],
///     renamed_from: None,
///     soft_delete: None,
///     hooks: &[],
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
    let plan = crate::diff(&Snapshot::empty(), &Snapshot::from_schema(schema));
    let statements: Vec<&str> = plan.steps().iter().map(|step| step.sql()).collect();
    statements.join("\n")
}

/// `true` for an index method written as a bare keyword: `[a-z_]+`.
pub(crate) fn is_index_method(method: &str) -> bool {
    !method.is_empty() && method.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
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
    "ratio" double precision NOT NULL DEFAULT -1.5,
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

CREATE UNIQUE INDEX "users_by_seq" ON "users" ("seq");

CREATE UNIQUE INDEX "users_email_name_idx" ON "users" ("email", "name");

CREATE INDEX "users_name_created_at_idx" ON "users" ("name", "created_at");

CREATE INDEX "users_tags_idx" ON "users" USING gin ("tags");
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
            r#"CREATE TABLE "players" (
    "id" integer NOT NULL,
    "team_id" integer NOT NULL,
    CONSTRAINT "players_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "teams" (
    "id" integer NOT NULL,
    "captain_id" integer,
    CONSTRAINT "teams_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "teams_captain_id_fkey" FOREIGN KEY ("captain_id") REFERENCES "players" ("id") ON DELETE SET NULL
);

ALTER TABLE "players" ADD CONSTRAINT "players_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams" ("id") ON DELETE CASCADE;
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
    "flag" boolean NOT NULL DEFAULT true,
    CONSTRAINT "sneaky_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "sneaky_id_idx" ON "sneaky" USING "gin (id); DROP TABLE x; --" ("id");
"#
        );
    }
}
