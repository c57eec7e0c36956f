//! `redact_url` over every spelling libpq accepts a password in, with generated
//! passwords made of the characters that confuse a URL or a key=value reader.

use super::{UNREADABLE, redact_url};
use crate::exec::DbBuilder;

/// Characters that end or split a part of a URL or a key=value string.
const HOSTILE: &[&str] =
    &["/", "?", "#", "@", ":", "&", "=", " ", "\t", "'", "\\", "%", ",", "[", "]", "\"", "é"];

/// Passwords built around two markers that appear nowhere else in the strings tested:
/// neither marker may be printed, so that a password cut in two by a misreading is
/// caught as surely as a whole one. A leading number mimics a port.
fn passwords() -> Vec<String> {
    let mut all = Vec::new();
    for start in ["Kx", "5432"] {
        for a in HOSTILE {
            all.push(format!("{start}{a}Qz"));
            for b in HOSTILE {
                all.push(format!("{start}{a}{b}Qz"));
            }
        }
    }
    all
}

/// Every byte but the unreserved ones percent-encoded, as a careful user writes it.
fn encoded(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// Single-quoted for the key=value form, with `'` and `\` escaped.
fn quoted(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// Each spelling of a connection string that carries `password`.
fn forms(password: &str) -> Vec<String> {
    let (enc, quo) = (encoded(password), quoted(password));
    vec![
        format!("postgres://app:{password}@db.example.com:5432/shop"),
        format!("postgresql://app:{password}@db.example.com/shop?sslmode=require"),
        format!("postgres://app:{enc}@db.example.com:5432/shop"),
        format!("postgres://app:{password}@one:5432,two:5433/shop"),
        format!("postgres://app:{enc}@one,[::1]:5433/shop?target_session_attrs=any"),
        format!("postgres://app@db.example.com/shop?password={enc}"),
        format!("postgres://app@db.example.com/shop?password={password}"),
        format!("postgres://db.example.com/shop?user=app&password={enc}&sslmode=disable"),
        format!("postgres://db.example.com/shop?user=app&pass%77ord={enc}"),
        format!("postgres://app@db.example.com/shop?%70assword={enc}"),
        format!("host=db.example.com user=app password={quo} dbname=shop"),
        format!("host=db.example.com user=app password = {quo} dbname=shop"),
        format!("host=db.example.com\tuser=app\tpassword\t=\t{quo}\tdbname=shop"),
        format!("host=db.example.com user=app password={password} dbname=shop"),
        format!("password={quo}"),
        format!("mysql://app:{password}@db.example.com/shop"),
        format!("host=db.example.com user=app password={quo} {password}"),
    ]
}

/// Neither marker, nor the password whole.
fn shows_no_password(shown: &str, password: &str) -> bool {
    !shown.contains("Kx") && !shown.contains("Qz") && !shown.contains(password)
}

#[test]
fn no_form_of_any_password_is_printed() {
    let mut checked = 0;
    for password in passwords() {
        for url in forms(&password) {
            let shown = redact_url(&url);
            assert!(shows_no_password(&shown, &password), "{url:?} printed {shown:?}");
            checked += 1;
        }
    }
    assert!(checked > 10_000, "{checked}");
}

#[test]
fn no_builder_debug_shows_any_password() {
    for password in passwords() {
        for url in forms(&password) {
            let builder = DbBuilder::with_env(&url, &|_| None);
            let shown = format!("{builder:?}");
            assert!(shows_no_password(&shown, &password), "{url:?} printed {shown:?}");
        }
        let env = |name: &str| (name == "PGPASSWORD").then(|| password.clone());
        let shown = format!("{:?}", DbBuilder::with_env("host=db user=app", &env));
        assert!(shows_no_password(&shown, &password), "PGPASSWORD printed {shown:?}");
    }
}

#[test]
fn the_forms_of_the_issue() {
    for (url, shown) in [
        ("postgres://app:s3cret@db:5432/app", "postgres://app:***@db:5432/app"),
        ("postgres://app@db/app?password=s3cret", "postgres://app:***@db/app"),
        ("postgres://db/app?user=app&password=s3cret", "postgres://app:***@db/app"),
        ("postgres://db/app?user=app&pass%77ord=s3cret", "postgres://app:***@db/app"),
        ("host=db password = s3cret user=app", "host=db user=app password=***"),
        ("host=db\tpassword\t=\ts3cret\tuser=app", "host=db user=app password=***"),
        ("host=db password='s3 cret' user=app", "host=db user=app password=***"),
        ("postgres://app:s3/cret@db/app", UNREADABLE),
        ("postgres://app:5432/cret@db/app", UNREADABLE),
        ("postgres://app:s3?cret@db/app", "postgres://app:***@db/app"),
        ("postgres://app:s3#cret@db/app", "postgres://app:***@db/app"),
        ("postgres://app:s3@cret@db/app", "postgres://app:***@db/app"),
        (
            "postgres://app:s3cret@one:5432,two,[::1]:5434/app",
            "postgres://app:***@one:5432,two,[::1]:5434/app",
        ),
        (
            "host=one,two port=5432,5433 user=app password=s3cret",
            "host=one,two port=5432,5433 user=app password=***",
        ),
        ("host=db password='s3cret", UNREADABLE),
        ("host=db user=app s3cret", UNREADABLE),
        ("mysql://app:s3cret@db/app", UNREADABLE),
        ("postgres://app:s3cret@[::1/app", UNREADABLE),
    ] {
        assert_eq!(redact_url(url), shown, "{url}");
    }
}

#[test]
fn what_is_printed_is_where_it_connects() {
    for (url, shown) in [
        ("postgres://postgres@127.0.0.1/postgres", "postgres://postgres@127.0.0.1/postgres"),
        (
            "postgresql://app@%2Fvar%2Frun%2Fpostgresql:5433/my%20db",
            "postgresql://app@%2Fvar%2Frun%2Fpostgresql:5433/my%20db",
        ),
        ("postgresql:///app?host=/tmp&user=me&sslmode=verify-full", "postgresql://me@%2Ftmp/app"),
        ("postgres://us%40er@db/app", "postgres://us%40er@db/app"),
        ("host=db port=5432 dbname=app user=app sslmode=require", "host=db port=5432 dbname=app user=app"),
        ("dbname='my db' hostaddr=10.0.0.1", "hostaddr=10.0.0.1 dbname='my db'"),
    ] {
        assert_eq!(redact_url(url), shown, "{url}");
    }
    assert!(redact_url("").contains("PG"), "an empty string connects from the environment");
}
