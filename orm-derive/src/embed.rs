//! `embed_migrations!("dir")`: lists a migrations directory at compile time and
//! includes each `up.sql`, so the binary carries its migrations.

use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use quote::quote;
use syn::LitStr;

/// Expands to `::orm_migrate::Migrator::from_embedded(&[(dir name, include_str!(up.sql)), ..])`
/// for the directory `dir`, relative to the calling crate's `CARGO_MANIFEST_DIR`.
pub(crate) fn expand(dir: &LitStr) -> syn::Result<TokenStream> {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").ok_or_else(|| {
        syn::Error::new(dir.span(), "`embed_migrations!` needs CARGO_MANIFEST_DIR: build with cargo")
    })?;
    let migrations = list(&Path::new(&manifest_dir).join(dir.value()), &dir.value())
        .map_err(|message| syn::Error::new(dir.span(), message))?;
    let entries = migrations.iter().map(|(_, dir_name, up)| {
        let up = up.to_string_lossy();
        quote!((#dir_name, ::core::include_str!(#up)))
    });
    Ok(quote!(::orm_migrate::Migrator::from_embedded(&[#(#entries),*])))
}

/// `(version, directory name, absolute path of up.sql)` for each migration under
/// `dir`, in version order; hidden entries and plain files are skipped. Messages
/// name paths as the macro call wrote them (`shown`), relative to `Cargo.toml`.
fn list(dir: &Path, shown: &str) -> Result<Vec<(i64, String, PathBuf)>, String> {
    let unreadable =
        |err| format!("cannot read the migrations directory `{shown}` (relative to Cargo.toml): {err}");
    let entries = std::fs::read_dir(dir).map_err(unreadable)?;
    let mut migrations = Vec::new();
    for entry in entries {
        let entry = entry.map_err(unreadable)?;
        let path = entry.path();
        let dir_name = entry.file_name().to_string_lossy().into_owned();
        if dir_name.starts_with('.') || !path.is_dir() {
            continue;
        }
        let version = parse_version(&dir_name).ok_or_else(|| {
            format!(
                "`{shown}/{dir_name}` is not a migration: expected a directory `<version>_<name>`, e.g. `20261122044000_create_blog`"
            )
        })?;
        let up = path.join("up.sql");
        if !up.is_file() {
            return Err(format!("`{shown}/{dir_name}` is not a migration: it has no up.sql"));
        }
        let up = up.canonicalize().map_err(|err| format!("cannot read {}: {err}", up.display()))?;
        migrations.push((version, dir_name, up));
    }
    migrations.sort();
    if let Some(pair) = migrations.windows(2).find(|pair| pair[0].0 == pair[1].0) {
        return Err(format!(
            "two migrations have version {}: {} and {}; give one of them a new version",
            pair[0].0, pair[0].1, pair[1].1
        ));
    }
    Ok(migrations)
}

/// The version of a directory named `<digits>_<name>` (the same rule as `orm_migrate`'s).
fn parse_version(dir_name: &str) -> Option<i64> {
    let (digits, name) = dir_name.split_once('_')?;
    let valid = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && !name.is_empty();
    if valid { digits.parse().ok() } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str, dirs: &[(&str, bool)]) -> PathBuf {
        let root = std::env::temp_dir().join(format!("orm_embed_{name}_{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for (dir, with_up) in dirs {
            std::fs::create_dir_all(root.join(dir)).unwrap();
            if *with_up {
                std::fs::write(root.join(dir).join("up.sql"), "SELECT 1;").unwrap();
            }
        }
        std::fs::write(root.join("README.md"), "notes").unwrap();
        root
    }

    #[test]
    fn lists_migrations_in_version_order_skipping_hidden_entries_and_files() {
        let root = scratch("ok", &[("20260102000000_b", true), ("20260101000000_a", true), (".git", false)]);
        let listed = list(&root, "migrations").unwrap();
        let names: Vec<&str> = listed.iter().map(|(_, name, _)| name.as_str()).collect();
        assert_eq!(names, ["20260101000000_a", "20260102000000_b"]);
        assert!(listed.iter().all(|(_, _, up)| up.is_absolute() && up.ends_with("up.sql")));
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn refuses_bad_names_missing_up_sql_duplicates_and_missing_dirs() {
        // (case, directories with whether they hold an up.sql, expected message)
        type Case = (&'static str, &'static [(&'static str, bool)], &'static str);
        let cases: [Case; 3] = [
            ("bad_name", &[("create_blog", true)], "`migrations/create_blog` is not a migration: expected"),
            (
                "no_up",
                &[("20260101000000_a", false)],
                "`migrations/20260101000000_a` is not a migration: it has no up.sql",
            ),
            (
                "duplicate",
                &[("20260101000000_a", true), ("20260101000000_b", true)],
                "two migrations have version",
            ),
        ];
        for (name, dirs, expected) in cases {
            let root = scratch(name, dirs);
            let err = list(&root, "migrations").unwrap_err();
            assert!(err.contains(expected), "{name}: {err}");
            std::fs::remove_dir_all(root).unwrap();
        }
        let err = list(Path::new("/nonexistent/orm/migrations"), "migrations").unwrap_err();
        assert!(err.contains("cannot read the migrations directory `migrations`"), "{err}");
    }
}
