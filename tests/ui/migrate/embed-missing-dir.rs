//! `embed_migrations!` names a directory that does not exist: the error points at the literal.

fn main() {
    let _migrator = orm_migrate::embed_migrations!("no/such/migrations");
}
