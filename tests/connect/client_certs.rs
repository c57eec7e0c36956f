//! Client certificates where pg_hba.conf says `cert`: the user is the certificate's CN.

use orm::Error;

use crate::support::{connect, encrypted, tls, tls_reason};

#[tokio::test]
async fn a_client_certificate_logs_in_as_its_common_name() {
    let cluster = tls();
    let url = cluster.url(
        "certuser",
        "localhost",
        &format!(
            "sslmode=verify-full&sslrootcert={}&sslcert={}&sslkey={}",
            cluster.file("ca.pem"),
            cluster.file("client.crt"),
            cluster.file("client.key")
        ),
    );
    let db = connect(&url).await.expect("the certificate is accepted");
    let user: String = orm::sql!("SELECT current_user::text").fetch_one(&db).await.unwrap();
    assert_eq!(user, "certuser");
    assert!(encrypted(&db).await);
}

#[tokio::test]
async fn without_a_client_certificate_the_login_is_refused() {
    let cluster = tls();
    let url = cluster.url(
        "certuser",
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={}", cluster.file("ca.pem")),
    );
    match connect(&url).await {
        Err(Error::Authentication { user, hint, .. }) => {
            assert_eq!(user, "certuser");
            assert!(hint.contains("sslcert") && hint.contains("sslkey"), "{hint}");
        }
        other => panic!("expected Error::Authentication, got {other:?}"),
    }
}

#[tokio::test]
async fn a_client_certificate_from_an_unknown_ca_is_refused_by_the_server() {
    let cluster = tls();
    let cert = cluster.file("stranger.crt");
    let url = cluster.url(
        "certuser",
        "localhost",
        &format!("sslmode=require&sslcert={cert}&sslkey={}", cluster.file("stranger.key")),
    );
    let reason = tls_reason(connect(&url).await);
    assert!(reason.contains("refused the client certificate") && reason.contains(&cert), "{reason}");
}

#[tokio::test]
async fn unreadable_client_files_name_the_path_and_never_the_contents() {
    let cluster = tls();
    let garbage = cluster.file("garbage.pem");
    let client = cluster.file("client.crt");
    let missing = format!("{}/missing.key", cluster.server.dir().display());
    for (cert, key, named) in [
        (&garbage, &cluster.file("client.key"), &garbage),
        (&client, &garbage, &garbage),
        (&client, &missing, &missing),
    ] {
        let url =
            cluster.url("certuser", "localhost", &format!("sslmode=require&sslcert={cert}&sslkey={key}"));
        let err = connect(&url).await;
        let shown = format!("{err:?}");
        let reason = tls_reason(err);
        assert!(reason.contains(named.as_str()), "names {named}: {reason}");
        assert!(!shown.contains("GARBAGE-CONTENTS"), "{shown}");
    }
    // A certificate and a key that do not belong together.
    let url = cluster.url(
        "certuser",
        "localhost",
        &format!("sslmode=require&sslcert={client}&sslkey={}", cluster.file("stranger.key")),
    );
    let reason = tls_reason(connect(&url).await);
    assert!(reason.contains("cannot be used together"), "{reason}");
}
