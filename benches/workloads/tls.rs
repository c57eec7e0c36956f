//! W14: W1 (point select by primary key) over TLS with `sslmode=require`, orm beside raw
//! tokio-postgres over the same rustls setup, against a PostgreSQL server of the suite's
//! own (`ssl = on`, a certificate made with rcgen) seeded with the suite's tables.

#[path = "../../tests/support/certificates.rs"]
mod certificates;
#[path = "../../tests/support/private_server.rs"]
mod private_server;

use std::fmt::Write as _;
use std::hint::black_box;
use std::sync::Arc;

use orm::testing::TestDb;
use orm::{Connection, Db};
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use rustls::{ClientConfig, RootCertStore};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::interleave::{self, Ratio};
use crate::raw::Raw;
use crate::{ours, placement, schema};
use private_server::{PrivateServer, ServerOptions};

/// Exits with one line saying what to install when PostgreSQL's server programs, which
/// W14 starts a server with, are missing: called first, so a long run does not fail at its end.
pub fn require_server_programs() {
    if let Err(missing) = private_server::find_bindir() {
        eprintln!("W14 (over TLS): {missing}");
        std::process::exit(1);
    }
}

/// W14's orm ÷ raw over `rounds` interleaved rounds. Starts the TLS server, seeds it,
/// checks both sessions are encrypted, measures, and stops the server.
pub async fn ratio(rounds: usize) -> Ratio {
    let (ca, issuer) = certificates::make_ca("orm bench CA");
    let server = PrivateServer::start_with(ServerOptions::tls(&certificates::server_leaf(&issuer), &ca));
    // The database is made over plaintext (TestDb's admin connection); the measured
    // sessions below use TLS.
    let test_db = TestDb::try_new_on(&server.url()).await.expect("a database on the TLS server");
    schema::create_and_seed(&test_db).await;
    crate::settle(&test_db).await;
    let url = format!("postgres://postgres@127.0.0.1:{}/{}?sslmode=require", server.port(), test_db.name());
    let db = Db::builder(&url).max_size(1).connect().await.expect("orm connects over TLS");
    let conn = db.connection().await.expect("orm's connection");
    let raw = Raw::new(raw_client(&test_db, &ca).await).await;
    assert_encrypted(&conn, &raw).await;
    assert_eq!(ours::w1_point(&conn, 42).await.expect("orm's row"), raw.w1_point(42).await);
    placement::pin_sessions(&test_db).await;
    interleave::ratio(
        rounds,
        async || {
            black_box(raw.w1_point(42).await);
        },
        async || {
            black_box(ours::w1_point(&conn, 42).await.unwrap());
        },
    )
    .await
}

/// Raw's client: tokio-postgres with `sslmode=require` through tokio-postgres-rustls,
/// rustls set up as orm sets it up (the *ring* provider, the default protocol versions,
/// ALPN `postgresql`); it checks the certificate against the server's CA, which costs
/// at connecting only.
async fn raw_client(test_db: &TestDb, ca: &str) -> tokio_postgres::Client {
    let mut roots = RootCertStore::empty();
    roots
        .add_parsable_certificates(CertificateDer::pem_slice_iter(ca.as_bytes()).map(|c| c.expect("the CA")));
    #[allow(deprecated)] // as in orm-core: rustls 0.23.48 deprecated the ring provider.
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut tls = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    tls.alpn_protocols = vec![b"postgresql".to_vec()];
    let mut config = test_db.config();
    config.ssl_mode(tokio_postgres::config::SslMode::Require);
    let (client, connection) =
        config.connect(MakeRustlsConnect::new(tls)).await.expect("raw connects over TLS");
    tokio::spawn(connection);
    client
}

/// Asserts, from pg_stat_ssl, that orm's and raw's sessions are both encrypted, with the
/// same protocol version and cipher, and says which.
async fn assert_encrypted(conn: &Connection, raw: &Raw) {
    let orm_pid: i32 = orm::sql!("SELECT pg_backend_pid()").fetch_one(conn).await.expect("orm's session");
    let sessions: Vec<(bool, Option<String>, Option<String>)> = raw
        .client
        .query(
            "SELECT ssl, version, cipher FROM pg_stat_ssl WHERE pid IN ($1, pg_backend_pid())",
            &[&orm_pid],
        )
        .await
        .expect("pg_stat_ssl")
        .iter()
        .map(|row| (row.get(0), row.get(1), row.get(2)))
        .collect();
    assert_eq!(sessions.len(), 2, "orm's and raw's sessions in pg_stat_ssl: {sessions:?}");
    assert!(sessions.iter().all(|s| s.0), "both sessions encrypted: {sessions:?}");
    assert_eq!(sessions[0], sessions[1], "the same TLS version and cipher");
    let (_, version, cipher) = &sessions[0];
    println!(
        "W14: orm's and raw's sessions encrypted ({} {})",
        version.as_deref().unwrap_or("?"),
        cipher.as_deref().unwrap_or("?")
    );
}

/// BENCHMARKS.md's W14 section, from the run's interleaved ratios (W14 and, for context, W1).
pub fn section(md: &mut String, ratios: &[(&str, &str, Ratio)]) {
    let find = |group: &str| ratios.iter().find(|(g, _, _)| *g == group).map(|(_, _, r)| *r);
    let Some(tls) = find("W14") else { return };
    let cell = |r: Ratio| format!("**{:.2}** ({:.2}–{:.2})", r.median, r.low, r.high);
    let _ = writeln!(
        md,
        "\n## Over TLS (W14)\n\n\
         W1 with `sslmode=require` against a PostgreSQL server of the run's own (`ssl = on`, a certificate \
         made with rcgen, the same seed), orm's `Db` (one connection) beside raw tokio-postgres through \
         tokio-postgres-rustls with the same rustls setup; pg_stat_ssl showed both sessions encrypted. \
         Interleaved, median (quartiles).\n\n\
         | workload | orm ÷ raw |\n|---|---|\n| W14 point select over TLS | {} |\n| W1 point select, plaintext | {} |",
        cell(tls),
        find("W1").map_or("–".to_owned(), cell)
    );
}
