//! Rebuilds when `migrations/` changes, so binaries that compile the migrations in
//! with `orm_migrate::embed_migrations!("migrations")` (the examples) see a new
//! migration directory. A published package has no `migrations/` and prints nothing
//! but its own rerun rule.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::path::Path::new("migrations").is_dir() {
        println!("cargo:rerun-if-changed=migrations");
    }
}
