//! Reading migrations: a `migrations/` directory on disk, or the list `embed_migrations!` compiled in.

use std::path::{Path, PathBuf};

use super::error::MigrateError;
use super::migration::{Migration, parse_dir_name};

/// Reads every `<version>_<name>/up.sql` under `dir`. Hidden entries and plain
/// files at the top level are skipped; any other directory is an error.
pub(super) fn read_dir(dir: &Path) -> Result<Vec<Migration>, MigrateError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| MigrateError::Io { path, source }
    };
    let mut migrations = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let entry = entry.map_err(io(dir))?;
        let path = entry.path();
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        if file_name.starts_with('.') || !path.is_dir() {
            continue;
        }
        let invalid = |reason: String| MigrateError::InvalidMigration { path: path.clone(), reason };
        let (version, name) = parse_dir_name(&file_name).map_err(invalid)?;
        let up = path.join("up.sql");
        if !up.is_file() {
            return Err(invalid("it has no up.sql".to_owned()));
        }
        let bytes = std::fs::read(&up).map_err(io(&up))?;
        let sql = String::from_utf8(bytes).map_err(|_| MigrateError::InvalidMigration {
            path: up.clone(),
            reason: "it is not UTF-8 text".to_owned(),
        })?;
        migrations.push(Migration::new(version, name, sql));
    }
    Ok(migrations)
}

/// The migrations `embed_migrations!` listed and checked at compile time.
pub(super) fn from_embedded(list: &'static [(&'static str, &'static str)]) -> Vec<Migration> {
    list.iter()
        .map(|&(dir_name, sql)| {
            let (version, name) = parse_dir_name(dir_name).unwrap_or_else(|reason| {
                panic!("{}", MigrateError::InvalidMigration { path: PathBuf::from(dir_name), reason })
            });
            Migration::new(version, name, sql)
        })
        .collect()
}
