//! `Migration`: one versioned `up.sql`, with its checksum and whether it runs in a transaction.

use std::borrow::Cow;
use std::fmt::Write;

use sha2::{Digest, Sha256};

/// The line that makes a migration run outside a transaction, when it is among
/// the comment lines at the top of its `up.sql`.
pub(crate) const NO_TRANSACTION_MARKER: &str = "-- orm:no-transaction";

/// One migration: a version, a name and the SQL that applies it.
///
/// Its checksum is the SHA-256 of the `up.sql` bytes, in lowercase hex; the runner
/// records it and refuses to go on when an applied migration's file changes.
///
/// A migration whose leading comment lines include the exact line
/// `-- orm:no-transaction` runs outside a transaction, one statement at a time
/// (for `CREATE INDEX CONCURRENTLY`, or `ALTER TYPE .. ADD VALUE` on old servers):
///
/// ```
/// use orm_migrate::Migration;
///
/// let sql = "-- orm:no-transaction\nCREATE INDEX CONCURRENTLY posts_title ON posts (title);\n";
/// let migration = Migration::new(20261122044000, "index_posts", sql);
/// assert!(migration.no_transaction());
/// assert_eq!(migration.checksum().len(), 64);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    version: i64,
    name: String,
    sql: Cow<'static, str>,
    checksum: String,
    no_transaction: bool,
}

impl Migration {
    /// A migration from its version (by convention a UTC timestamp `YYYYMMDDHHMMSS`),
    /// its name and the text of its `up.sql`.
    pub fn new(version: i64, name: impl Into<String>, sql: impl Into<Cow<'static, str>>) -> Migration {
        let sql = sql.into();
        Migration {
            version,
            name: name.into(),
            checksum: sha256_hex(sql.as_bytes()),
            no_transaction: has_no_transaction_marker(&sql),
            sql,
        }
    }

    /// The version; migrations apply in increasing version order.
    pub fn version(&self) -> i64 {
        self.version
    }

    /// The name (the directory name after `<version>_`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The SQL that applies the migration.
    pub fn sql(&self) -> &str {
        &self.sql
    }

    /// The SQL as the runner sends it: after the UTF-8 byte-order mark some editors
    /// write first, which the server would read as part of the first word.
    pub(crate) fn script(&self) -> &str {
        without_byte_order_mark(&self.sql)
    }

    /// The SHA-256 of the SQL, in lowercase hex.
    pub fn checksum(&self) -> &str {
        &self.checksum
    }

    /// `true` when the SQL is marked `-- orm:no-transaction`.
    pub fn no_transaction(&self) -> bool {
        self.no_transaction
    }
}

/// Splits a migration directory name `<version>_<name>` (the version all ASCII digits).
pub(crate) fn parse_dir_name(dir_name: &str) -> Result<(i64, &str), String> {
    let expected = "expected `<version>_<name>`, e.g. `20261122044000_create_blog`";
    let Some((digits, name)) = dir_name.split_once('_') else {
        return Err(format!("no `_` in its name; {expected}"));
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("its name does not start with a version made of digits; {expected}"));
    }
    if name.is_empty() {
        return Err(format!("its name is empty after the version; {expected}"));
    }
    let version =
        digits.parse().map_err(|_| format!("version {digits} does not fit in a bigint; {expected}"))?;
    Ok((version, name))
}

/// `true` when a line of the leading comment block is exactly the marker (after a
/// UTF-8 byte-order mark, which some editors write first).
fn has_no_transaction_marker(sql: &str) -> bool {
    without_byte_order_mark(sql)
        .lines()
        .map(str::trim)
        .take_while(|line| line.is_empty() || line.starts_with("--"))
        .any(|line| line == NO_TRANSACTION_MARKER)
}

fn without_byte_order_mark(sql: &str) -> &str {
    sql.strip_prefix('\u{feff}').unwrap_or(sql)
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().fold(String::with_capacity(64), |mut hex, byte| {
        let _ = write!(hex, "{byte:02x}");
        hex
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checksum_is_the_sha256_of_the_sql() {
        let migration = Migration::new(1, "x", "abc");
        assert_eq!(migration.checksum(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn the_marker_counts_only_among_the_leading_comments() {
        assert!(Migration::new(1, "x", "-- orm:no-transaction\nSELECT 1").no_transaction());
        assert!(Migration::new(1, "x", "\n-- index\r\n-- orm:no-transaction\r\nSELECT 1").no_transaction());
        assert!(!Migration::new(1, "x", "SELECT 1;\n-- orm:no-transaction\n").no_transaction());
        assert!(!Migration::new(1, "x", "-- orm:no-transaction please\nSELECT 1").no_transaction());
        assert!(
            Migration::new(1, "x", "\u{feff}-- orm:no-transaction\nSELECT 1").no_transaction(),
            "after a BOM"
        );
        assert!(!Migration::new(1, "x", "SELECT 1").no_transaction());
    }

    #[test]
    fn dir_names_are_version_underscore_name() {
        assert_eq!(parse_dir_name("20261122044000_create_blog"), Ok((20261122044000, "create_blog")));
        for bad in ["create_blog", "2026", "2026_", "_x", "2026a_x", "99999999999999999999_x"] {
            assert!(parse_dir_name(bad).is_err(), "{bad}");
        }
    }
}
