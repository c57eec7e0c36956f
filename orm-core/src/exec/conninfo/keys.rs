//! The option names a connection string may hold, and how an error names one.
//!
//! An error names a key only when it is one of these: a key libpq does not know may be
//! the tail of a password holding an unencoded `&` (URL) or space (key=value), as in
//! `?password=ab&cd=ef`, so it is never repeated.

/// The keys tokio-postgres reads.
pub(super) const DRIVER: &[&str] = &[
    "user",
    "password",
    "dbname",
    "options",
    "application_name",
    "sslnegotiation",
    "host",
    "hostaddr",
    "port",
    "connect_timeout",
    "tcp_user_timeout",
    "keepalives",
    "keepalives_idle",
    "keepalives_interval",
    "keepalives_retries",
    "target_session_attrs",
    "channel_binding",
    "load_balance_hosts",
];

/// The keys orm reads itself.
pub(super) const ORM: &[&str] = &[
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "sslsni",
    "pooler_mode",
    "gssencmode",
    "fallback_application_name",
];

/// libpq options tokio-postgres does not know and orm does not handle: named in the
/// error so it says "not supported" rather than "unknown".
pub(super) const UNSUPPORTED: &[&str] = &[
    "passfile",
    "service",
    "require_auth",
    "sslpassword",
    "sslcertmode",
    "sslcrl",
    "sslcrldir",
    "sslcompression",
    "ssl_min_protocol_version",
    "ssl_max_protocol_version",
    "sslkeylogfile",
    "requirepeer",
    "krbsrvname",
    "gsslib",
    "gssdelegation",
    "replication",
    "client_encoding",
    "max_protocol_version",
    "min_protocol_version",
];

fn all() -> impl Iterator<Item = &'static str> {
    DRIVER.iter().chain(ORM).chain(UNSUPPORTED).copied()
}

/// `` `key` `` when `key` is an option libpq knows, else "an option".
pub(super) fn named(key: &str) -> String {
    if all().any(|known| known == key) { format!("`{key}`") } else { "an option".to_owned() }
}

/// The error for a key that is no libpq option: it suggests the nearest option name
/// (at most two edits away), and never repeats the key itself.
pub(super) fn unknown(key: &str) -> String {
    let nearest =
        all().map(|known| (edit_distance(key, known), known)).min().filter(|(distance, _)| *distance <= 2);
    let mut message = "the connection string has an option libpq does not know (its name is not repeated: \
                       it may be the tail of a password with an unencoded `&` or space)"
        .to_owned();
    if let Some((_, known)) = nearest {
        message.push_str(&format!("; did you mean `{known}`?"));
    }
    message
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}
