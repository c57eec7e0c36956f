//! The migration command line for the blog schema of the seed example.
//!
//! ```sh
//! cargo run --example migrate -- --help
//! cargo run --example migrate -- migrate          # apply migrations/ to DATABASE_URL
//! cargo run --example migrate -- status
//! cargo run --example migrate -- check            # exit 1 when the code and migrations/ differ
//! cargo run --example migrate -- generate add_x   # write migrations/<timestamp>_add_x/
//! ```
//!
//! An application writes the same three lines in its own `src/bin/migrate.rs`.

#[allow(unreachable_pub)]
#[path = "blog/schema.rs"]
mod blog;

fn main() -> std::process::ExitCode {
    orm_migrate::cli::run(blog::schema())
}
