//! Each sslmode against a server with TLS, one with an expired certificate and one
//! without TLS: what connects, whether pg_stat_ssl shows the session encrypted, and
//! which check each refusal names.

use orm::{Db, Error, SslMode};

use crate::support::{connect, encrypted, expired, plain, tls, tls_reason};

#[tokio::test]
async fn verify_full_with_the_right_ca_and_host_name_is_encrypted() {
    let cluster = tls();
    let ca = cluster.file("ca.pem");
    for host in ["localhost", "127.0.0.1"] {
        let url = cluster.url("postgres", host, &format!("sslmode=verify-full&sslrootcert={ca}"));
        let db = connect(&url).await.unwrap_or_else(|e| panic!("{host}: {e}"));
        assert!(encrypted(&db).await, "{host}: pg_stat_ssl shows the session encrypted");
    }
    // A hostaddr alone is checked against the certificate's IP addresses.
    let url = format!(
        "hostaddr=127.0.0.1 port={} user=postgres sslmode=verify-full sslrootcert={ca}",
        cluster.port()
    );
    let db = connect(&url).await.expect("hostaddr alone");
    assert!(encrypted(&db).await);
}

#[tokio::test]
async fn verify_full_refuses_a_host_name_not_on_the_certificate() {
    let cluster = tls();
    // The name checked is `host`; `hostaddr` says where to connect without a DNS lookup.
    let url = format!(
        "host=db.wrong.example hostaddr=127.0.0.1 port={} user=postgres sslmode=verify-full sslrootcert={}",
        cluster.port(),
        cluster.file("ca.pem")
    );
    let reason = tls_reason(connect(&url).await);
    assert!(reason.contains("not issued for `db.wrong.example`"), "{reason}");
    assert!(
        reason.contains("(it names `localhost`, `127.0.0.1`)"),
        "names the certificate's names: {reason}"
    );
    assert!(reason.contains("verify-ca"), "says what to do instead: {reason}");

    // verify-ca checks the CA alone, so the same connection is accepted.
    let url = url.replace("verify-full", "verify-ca");
    let db = connect(&url).await.expect("verify-ca does not check the host name");
    assert!(encrypted(&db).await);
}

#[tokio::test]
async fn an_unknown_ca_is_refused_by_verify_ca_verify_full_and_require_with_a_root_cert() {
    let cluster = tls();
    let other = cluster.file("other-ca.pem");
    for mode in ["verify-ca", "verify-full", "require"] {
        let url = cluster.url("postgres", "localhost", &format!("sslmode={mode}&sslrootcert={other}"));
        let reason = tls_reason(connect(&url).await);
        assert!(reason.contains("not signed by a CA in sslrootcert"), "{mode}: {reason}");
        assert!(reason.contains("set sslrootcert"), "{mode}: {reason}");
        assert!(reason.contains(&other), "{mode} names the roots it trusted: {reason}");
    }
}

#[tokio::test]
async fn verify_full_without_a_root_cert_checks_against_the_system_roots() {
    // The test CA is in no system store, so the system's roots refuse it.
    let url = tls().url("postgres", "localhost", "sslmode=verify-full");
    let reason = tls_reason(connect(&url).await);
    assert!(
        reason.contains("system's trusted roots") || reason.contains("no trusted root certificate"),
        "{reason}"
    );
}

#[tokio::test]
async fn an_expired_certificate_is_typed() {
    let cluster = expired();
    let ca = cluster.file("ca.pem");
    for mode in ["verify-ca", "verify-full"] {
        let url = cluster.url("postgres", "localhost", &format!("sslmode={mode}&sslrootcert={ca}"));
        let reason = tls_reason(connect(&url).await);
        assert!(reason.contains("expired on 2021-01-01"), "{mode}: {reason}");
    }
    // prefer and require check nothing: encrypted all the same.
    for mode in ["prefer", "require"] {
        let db =
            connect(&cluster.url("postgres", "localhost", &format!("sslmode={mode}"))).await.expect(mode);
        assert!(encrypted(&db).await, "{mode}");
    }
}

#[tokio::test]
async fn require_and_stronger_never_fall_back_to_plaintext() {
    let cluster = plain();
    let ca = cluster.file("ca.pem");
    for mode in ["require", "verify-ca", "verify-full"] {
        let url = cluster.url("postgres", "127.0.0.1", &format!("sslmode={mode}&sslrootcert={ca}"));
        let reason = tls_reason(connect(&url).await);
        assert!(reason.contains("does not offer TLS"), "{mode}: {reason}");
        assert!(reason.contains(&format!("sslmode={mode}")), "{mode}: {reason}");
    }
}

#[tokio::test]
async fn prefer_connects_in_plaintext_without_tls_and_encrypted_with_it() {
    let db = connect(&plain().url("postgres", "127.0.0.1", "sslmode=prefer")).await.expect("plaintext");
    assert!(!encrypted(&db).await);
    // prefer is the default.
    let db = connect(&tls().url("postgres", "localhost", "")).await.expect("TLS");
    assert!(encrypted(&db).await);
    let db = connect(&tls().url("postgres", "localhost", "sslmode=disable")).await.expect("plaintext");
    assert!(!encrypted(&db).await);
}

#[tokio::test]
async fn disable_against_a_tls_only_rule_is_a_tls_error() {
    let url = tls().url("sslonly", "127.0.0.1", "sslmode=disable");
    let reason = tls_reason(connect(&url).await);
    assert!(reason.contains("only over TLS") && reason.contains("sslmode=disable"), "{reason}");
    let db = connect(&tls().url("sslonly", "127.0.0.1", "sslmode=require")).await.expect("TLS is let in");
    assert!(encrypted(&db).await);
}

#[tokio::test]
async fn the_builder_sets_what_the_url_does() {
    let cluster = tls();
    let db = Db::builder(&cluster.url("postgres", "localhost", ""))
        .ssl_mode(SslMode::VerifyFull)
        .ssl_root_cert(cluster.file("ca.pem"))
        .max_size(1)
        .connect()
        .await
        .expect("verify-full through the builder");
    assert!(encrypted(&db).await);
    let err = Db::builder(&cluster.url("postgres", "localhost", ""))
        .ssl_mode(SslMode::VerifyCa)
        .ssl_root_cert(cluster.file("other-ca.pem"))
        .connect()
        .await;
    assert!(tls_reason(err).contains("not signed by a CA"));
    // A setter wins over the URL.
    let db = Db::builder(&cluster.url("postgres", "localhost", "sslmode=require"))
        .ssl_mode(SslMode::Disable)
        .max_size(1)
        .connect()
        .await
        .expect("plaintext");
    assert!(!encrypted(&db).await);
}

#[tokio::test]
async fn unreadable_root_certificates_name_the_file() {
    let cluster = tls();
    let missing = format!("{}/nowhere.pem", cluster.server.dir().display());
    let url = cluster.url("postgres", "localhost", &format!("sslmode=verify-full&sslrootcert={missing}"));
    let reason = tls_reason(connect(&url).await);
    assert!(reason.contains(&missing) && reason.contains("cannot read sslrootcert"), "{reason}");
    let garbage = cluster.file("garbage.pem");
    let url = cluster.url("postgres", "localhost", &format!("sslmode=verify-full&sslrootcert={garbage}"));
    let reason = tls_reason(connect(&url).await);
    assert!(reason.contains(&garbage) && !reason.contains("GARBAGE-CONTENTS"), "{reason}");
}

#[tokio::test]
async fn the_system_root_keyword_demands_verify_full() {
    let err = Db::builder(&tls().url("postgres", "localhost", "sslmode=require&sslrootcert=system")).build();
    assert!(matches!(&err, Err(Error::InvalidUrl(text)) if text.contains("verify-full")), "{err:?}");
}
