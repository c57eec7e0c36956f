//! The `--help` texts.

/// The overview, for `--help` without a command.
pub(crate) const OVERVIEW: &str = "\
Migrations for the schema this program declares.

Usage: <program> <command> [options]

Commands:
  generate <name>  write migrations/<timestamp>_<name>/ from the changes since the newest snapshot
  migrate          apply pending migrations to the database
  status           list migrations: applied, pending, edited or missing
  check            exit 1 when the code differs from the newest snapshot (for CI)
  push             apply the code's schema to the database directly (development)
  introspect       print the live database as Rust structs with #[derive(Table)]
  studio           browse (and with --write, edit) the database in a local web page

Options:
  --database-url <url>  the database (default: DATABASE_URL, else the local server at
                        127.0.0.1:5432, else a private server from the installed PostgreSQL)
  --dir <path>          the migrations directory (default: migrations)
  -h, --help            help for a command: <program> <command> --help

Exit codes: 0 success, 1 failure (or differences found by check), 2 usage error,
3 refused (a step would delete data; see --allow-data-loss).
Never reads standard input: renames come from #[column(renamed_from = \"..\")] and
#[table(renamed_from = \"..\")], never from a prompt.
";

/// The help of one command, or `None` for an unknown command.
pub(crate) fn command_help(command: &str) -> Option<&'static str> {
    Some(match command {
        "generate" => {
            "\
Usage: <program> generate <name> [--dir migrations] [--allow-data-loss]

Diffs the schema in the code against the newest snapshot in the migrations
directory and writes <dir>/<UTC timestamp>_<name>/ with up.sql, down.sql and
snapshot.json. Writes nothing when nothing changed.
Steps that delete data (drop table or column, a narrowing type change, removing
an enum value) or fail on a table with rows (a NOT NULL column without default)
are refused unless --allow-data-loss. Lock-heavy steps are printed as warnings.
"
        }
        "studio" => {
            "\
Usage: <program> studio [--database-url <url>] [--port 4983] [--host 127.0.0.1] [--write]

Starts a local web page to browse the database through the schema: every table
with its row count, rows with sorting, typed filters and paging, each row with its
relations, each table's schema and where the live database differs from it.
Prints the URL to open; it carries a random access token, and requests without it
are refused. Listens on 127.0.0.1 (this machine only) unless --host says otherwise.
Read-only unless started with --write, which allows editing and inserting rows
(checked against the schema first, written in a transaction). Runs until stopped
(Ctrl-C). Needs orm-migrate's `studio` feature.
"
        }
        "migrate" => {
            "\
Usage: <program> migrate [--database-url <url>] [--dir migrations] [--allow-out-of-order]

Applies pending migrations in version order, each in its own transaction with its
row in _orm_migrations, under a PostgreSQL advisory lock (several instances may
start at once). Refuses, applying nothing, when an applied migration was edited
or is missing, or a pending one is older than the newest applied one (unless
--allow-out-of-order). Prints one line per migration applied, with its duration.
"
        }
        "status" => {
            "\
Usage: <program> status [--database-url <url>] [--dir migrations]

Lists every migration: applied (when, how long), pending, edited after it was
applied, or applied but missing from the directory. Exit 1 when one is edited
or missing.
"
        }
        "check" => {
            "\
Usage: <program> check [--dir migrations]

Exit 0 when the schema in the code equals the newest snapshot in the migrations
directory; otherwise prints the steps a `generate` would write and exits 1.
Needs no database: run it in CI.
"
        }
        "push" => {
            "\
Usage: <program> push [--database-url <url>] [--allow-data-loss] [--dry-run]

Development shortcut: diffs the live database against the code and applies the
steps in one transaction, without writing a migration or a tracking row.
Refuses steps that delete data (naming the table and its row count) unless
--allow-data-loss. Never truncates. --dry-run prints the SQL only.
"
        }
        "introspect" => {
            "\
Usage: <program> introspect [--database-url <url>] [--out <file.rs>]

Reads the live database (tables, columns, keys, indexes, enum types) and prints
Rust source declaring it with #[derive(Table)] and #[derive(PgEnum)].
"
        }
        _ => return None,
    })
}
