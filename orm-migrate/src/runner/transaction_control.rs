//! Transaction control in a migration that runs in a transaction: `COMMIT`, `BEGIN`,
//! `ROLLBACK`, `END` and their kin would commit part of it while the runner rolls
//! back the rest, so they are found before anything runs.

use super::split::{PlainStrings, end_of_block_comment, end_of_line_comment, statements};

/// A statement that ends or starts a transaction, and the line it starts on.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Found<'a> {
    /// 1-based line of `sql` where the statement starts.
    pub(crate) line: usize,
    /// The statement's first line, as written.
    pub(crate) statement: &'a str,
}

/// The first statement of `sql`, read with `strings`, that controls the transaction, if
/// any. `SAVEPOINT`, `RELEASE` and `ROLLBACK TO` stay inside the transaction and are
/// allowed.
pub(crate) fn find(sql: &str, strings: PlainStrings) -> Option<Found<'_>> {
    statements(sql, strings).find_map(|statement| {
        let code = skip_comments(statement);
        let mut words = code.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| !w.is_empty());
        let first = words.next()?.to_ascii_lowercase();
        let second = words.next().map(str::to_ascii_lowercase);
        let controls = match first.as_str() {
            "begin" | "commit" | "end" | "abort" => true,
            "rollback" => !matches!(second.as_deref(), Some("to")),
            "start" | "prepare" => matches!(second.as_deref(), Some("transaction")),
            _ => false,
        };
        controls.then(|| {
            let offset = code.as_ptr() as usize - sql.as_ptr() as usize;
            let line = sql[..offset].matches('\n').count() + 1;
            Found { line, statement: code.lines().next().unwrap_or(code).trim_end() }
        })
    })
}

/// `statement` after the comments and whitespace it starts with.
fn skip_comments(statement: &str) -> &str {
    let bytes = statement.as_bytes();
    let mut i = 0;
    loop {
        i += bytes[i..].iter().take_while(|b| b.is_ascii_whitespace()).count();
        i = match (bytes.get(i), bytes.get(i + 1)) {
            (Some(b'-'), Some(b'-')) => end_of_line_comment(bytes, i),
            (Some(b'/'), Some(b'*')) => end_of_block_comment(bytes, i),
            _ => return &statement[i..],
        };
    }
}

#[cfg(test)]
mod tests {
    use super::{Found, PlainStrings, find};

    #[test]
    fn every_form_of_transaction_control_is_found_with_its_line() {
        for (sql, line, statement) in [
            ("CREATE TABLE a (id int);\nCOMMIT;\nCREATE TABLE b (id int);", 2, "COMMIT"),
            ("CREATE TABLE a (id int);\n-- done\ncommit and chain;", 3, "commit and chain"),
            ("BEGIN;\nCREATE TABLE a (id int);", 1, "BEGIN"),
            ("SELECT 1;\n\n  ROLLBACK", 3, "ROLLBACK"),
            ("SELECT 1; END;", 1, "END"),
            ("SELECT 1; /* a /* nested */ note */ ABORT", 1, "ABORT"),
            (
                "SELECT 1;\nSTART TRANSACTION ISOLATION LEVEL SERIALIZABLE",
                2,
                "START TRANSACTION ISOLATION LEVEL SERIALIZABLE",
            ),
            ("SELECT 1;\nPREPARE TRANSACTION 'x'", 2, "PREPARE TRANSACTION 'x'"),
        ] {
            assert_eq!(find(sql, PlainStrings::Standard), Some(Found { line, statement }), "{sql}");
        }
    }

    #[test]
    fn what_stays_inside_the_transaction_is_allowed() {
        for sql in [
            "SAVEPOINT a; CREATE TABLE t (id int); ROLLBACK TO SAVEPOINT a; RELEASE a",
            "SELECT 'COMMIT'; SELECT \"commit\" FROM t; -- COMMIT\n/* ROLLBACK */ SELECT 1",
            "DO $$ BEGIN PERFORM 1; END $$",
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END",
            "PREPARE q AS SELECT 1; SELECT 1 AS begin",
        ] {
            assert_eq!(find(sql, PlainStrings::Standard), None, "{sql}");
        }
    }
}
