//! Password logins (SCRAM-SHA-256 and md5) and refused ones: `Error::Authentication`
//! names the user and never shows the password, down its whole source chain.

use std::error::Error as _;

use orm::Error;

use crate::support::{PASSWORD, connect, encrypted, tls};

/// Display, Debug, and the Debug of each source below it.
fn everything_shown(err: &Error) -> String {
    let mut shown = format!("{err}\n{err:?}\n");
    let mut next = err.source();
    while let Some(cause) = next {
        shown.push_str(&format!("{cause}\n{cause:?}\n"));
        next = cause.source();
    }
    shown
}

#[tokio::test]
async fn scram_and_md5_users_log_in_over_tls_and_plaintext() {
    let cluster = tls();
    for user in ["scramuser", "md5user"] {
        for (mode, over_tls) in [("prefer", true), ("disable", false)] {
            let url =
                format!("postgres://{user}:{PASSWORD}@localhost:{}/postgres?sslmode={mode}", cluster.port());
            let db = connect(&url).await.unwrap_or_else(|e| panic!("{user} {mode}: {e}"));
            let who: String = orm::sql!("SELECT current_user::text").fetch_one(&db).await.unwrap();
            assert_eq!(who, user);
            assert_eq!(encrypted(&db).await, over_tls, "{user} {mode}");
        }
    }
}

#[tokio::test]
async fn scram_binds_to_the_tls_channel() {
    let cluster = tls();
    let url = format!(
        "host=localhost port={} dbname=postgres user=scramuser password='{PASSWORD}' sslmode=verify-full sslrootcert={} channel_binding=require",
        cluster.port(),
        cluster.file("ca.pem")
    );
    let db = connect(&url).await.expect("SCRAM-SHA-256-PLUS over rustls");
    assert!(encrypted(&db).await);
}

#[tokio::test]
async fn a_wrong_password_names_the_user_and_never_the_password() {
    let cluster = tls();
    for user in ["scramuser", "md5user"] {
        // The right password with one more character: close to the secret, never shown.
        let wrong = format!("{PASSWORD}x");
        let url = format!("postgres://{user}:{wrong}@localhost:{}/postgres", cluster.port());
        let err = connect(&url).await.expect_err("a wrong password is refused");
        let Error::Authentication { user: named, hint, .. } = &err else {
            panic!("expected Error::Authentication, got {err:?}");
        };
        assert_eq!(named, user);
        assert!(hint.contains("password"), "{hint}");
        assert!(err.to_string().contains(user), "{err}");
        let shown = everything_shown(&err);
        assert!(!shown.contains(PASSWORD), "{user}: {shown}");
    }
}

#[tokio::test]
async fn no_password_for_a_password_login_is_an_authentication_error() {
    let url = tls().url("scramuser", "localhost", "");
    match connect(&url).await {
        Err(Error::Authentication { user, hint, .. }) => {
            assert_eq!(user, "scramuser");
            assert!(hint.contains("none was given") && hint.contains("PGPASSWORD"), "{hint}");
        }
        other => panic!("expected Error::Authentication, got {other:?}"),
    }
}

#[tokio::test]
async fn a_user_pg_hba_conf_has_no_line_for_is_an_authentication_error() {
    let url = tls().url("nobody", "127.0.0.1", "sslmode=require");
    match connect(&url).await {
        Err(Error::Authentication { user, hint, .. }) => {
            assert_eq!(user, "nobody");
            assert!(hint.contains("pg_hba.conf"), "{hint}");
        }
        other => panic!("expected Error::Authentication, got {other:?}"),
    }
}
