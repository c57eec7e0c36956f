//! Finding PostgreSQL's server programs (`initdb`, `pg_ctl`) on this machine.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The folder holding `initdb` and `pg_ctl`, looked for in this order: `ORM_PG_BINDIR`,
/// `PATH`, `pg_config --bindir`, then the usual install folders of Debian/Ubuntu
/// (`/usr/lib/postgresql/*/bin`), Fedora/RHEL (`/usr/pgsql-*/bin`), Homebrew
/// (`/opt/homebrew/opt/postgresql@*/bin`, `/usr/local/opt/postgresql@*/bin`) and
/// Postgres.app; the newest version wins among the install folders.
pub(crate) fn find_bindir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("ORM_PG_BINDIR") {
        return Some(PathBuf::from(dir)).filter(|dir| has_programs(dir));
    }
    if let Some(dir) = on_path() {
        return Some(dir);
    }
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if out.status.success() && has_programs(&dir) {
            return Some(dir);
        }
    }
    let patterns: [(&str, &str, &str); 6] = [
        ("/usr/lib/postgresql", "", "bin"),
        ("/usr", "pgsql-", "bin"),
        ("/opt/homebrew/opt", "postgresql", "bin"),
        ("/usr/local/opt", "postgresql", "bin"),
        ("/Applications/Postgres.app/Contents/Versions", "", "bin"),
        ("/usr/local", "pgsql", "bin"),
    ];
    let mut found: Vec<(u32, PathBuf)> = Vec::new();
    for (parent, prefix, bin) in patterns {
        let Ok(entries) = std::fs::read_dir(parent) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(rest) = name.strip_prefix(prefix) else { continue };
            let dir = entry.path().join(bin);
            if has_programs(&dir) {
                found.push((major_version_in(rest), dir));
            }
        }
    }
    found.sort();
    found.pop().map(|(_, dir)| dir)
}

/// The first folder on `PATH` that holds both programs.
fn on_path() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find(|dir| has_programs(dir))
}

fn has_programs(dir: &Path) -> bool {
    dir.join("initdb").is_file() && dir.join("pg_ctl").is_file()
}

/// `17` of `@17`, `-17`, `17.2` or `17`; 0 when the name holds no number.
fn major_version_in(name: &str) -> u32 {
    let digits: String =
        name.chars().skip_while(|c| !c.is_ascii_digit()).take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::major_version_in;

    #[test]
    fn install_folder_names_give_their_major_version() {
        assert_eq!(major_version_in("15"), 15);
        assert_eq!(major_version_in("@17"), 17);
        assert_eq!(major_version_in("-16"), 16);
        assert_eq!(major_version_in("17.2"), 17);
        assert_eq!(major_version_in(""), 0);
    }
}
