//! The migration command line: `generate`, `migrate`, `status`, `check`, `push`,
//! `introspect`. An application gives it its schema:
//!
//! ```no_run
//! # use orm::prelude::*;
//! # #[derive(Table)] #[table(name = "users")] struct User { #[column(primary_key)] id: i64 }
//! // src/bin/migrate.rs (or examples/migrate.rs)
//! fn main() -> std::process::ExitCode {
//!     orm_migrate::cli::run(orm::schema![User])
//! }
//! ```
//!
//! It never reads standard input, so it cannot hang a CI job waiting for an
//! answer: renames come from `renamed_from` in the code, and steps that delete
//! data need `--allow-data-loss` on the command line. Exit codes: 0 success,
//! 1 failure (or differences found by `check`), 2 usage error, 3 refused.

mod args;
mod commands;
mod files;
mod help;
mod push;
mod studio;

use std::io::Write;
use std::process::ExitCode;

use orm_core::Schema;

use args::Args;

/// Success.
pub const EXIT_OK: u8 = 0;
/// A failure: the database, a migration, or `check` finding differences.
pub const EXIT_FAILURE: u8 = 1;
/// The command line is wrong.
pub const EXIT_USAGE: u8 = 2;
/// Refused: a step would delete data (or fail on rows) and `--allow-data-loss` was not given.
pub const EXIT_REFUSED: u8 = 3;

/// Runs the command named by the process arguments against `schema`, printing
/// to standard output and error, and returns the exit code.
pub fn run(schema: Schema) -> ExitCode {
    let args = std::env::args().skip(1);
    let code = run_with(&schema, args, &mut std::io::stdout(), &mut std::io::stderr());
    ExitCode::from(code)
}

/// [`run`] with the arguments (without the program name) and output given:
/// for tests and for programs that wrap the CLI. Returns the exit code.
pub fn run_with(
    schema: &Schema,
    args: impl IntoIterator<Item = String>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let args = match Args::parse(args) {
        Ok(args) => args,
        Err(message) => {
            let _ = writeln!(err, "error: {message}\n\n{}", help::OVERVIEW);
            return EXIT_USAGE;
        }
    };
    let Some(command) = args.command.clone() else {
        if args.help {
            let _ = write!(out, "{}", help::OVERVIEW);
            return EXIT_OK;
        }
        let _ = write!(err, "{}", help::OVERVIEW);
        return EXIT_USAGE;
    };
    let Some(command_help) = help::command_help(&command) else {
        let _ = writeln!(err, "error: unknown command {command:?}\n\n{}", help::OVERVIEW);
        return EXIT_USAGE;
    };
    if args.help {
        let _ = write!(out, "{command_help}");
        return EXIT_OK;
    }
    let mut io = Output { out, err };
    let result = match command.as_str() {
        "generate" => commands::generate(schema, &args, &mut io),
        "check" => commands::check(schema, &args, &mut io),
        online => runtime().and_then(|rt| {
            rt.block_on(async {
                match online {
                    "migrate" => commands::migrate(&args, &mut io).await,
                    "status" => commands::status(&args, &mut io).await,
                    "push" => push::push(schema, &args, &mut io).await,
                    "studio" => studio::studio(schema, &args, &mut io).await,
                    _ => commands::introspect(&args, &mut io).await,
                }
            })
        }),
    };
    match result {
        Ok(code) => code,
        Err(failure) => {
            let _ = writeln!(io.err, "error: {}", failure.message);
            failure.code
        }
    }
}

/// Where a command writes.
pub(crate) struct Output<'a> {
    pub(crate) out: &'a mut dyn Write,
    pub(crate) err: &'a mut dyn Write,
}

/// A command that failed: what to print and the exit code.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) message: String,
    pub(crate) code: u8,
}

impl Failure {
    pub(crate) fn new(message: impl Into<String>) -> Failure {
        Failure { message: message.into(), code: EXIT_FAILURE }
    }

    pub(crate) fn usage(message: impl Into<String>) -> Failure {
        Failure { message: message.into(), code: EXIT_USAGE }
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::new(format!("cannot start the async runtime: {e}")))
}
