//! The certificates (made once with rcgen) and the three servers the scenarios share.

use std::path::PathBuf;
use std::sync::OnceLock;

use orm::{Db, Error};
use rcgen::{ExtendedKeyUsagePurpose, date_time_ymd};

use crate::certificates::{leaf, make_ca, server_leaf};
use crate::private_server::{PrivateServer, ServerOptions};

/// The password of `scramuser` and `md5user`: no error or log may show it.
pub const PASSWORD: &str = "Tr0ub4dor-and-3";

/// PEM texts of every certificate and key the scenarios use.
pub struct Certs {
    /// The CA that signs the servers' and the client's certificates.
    pub ca: String,
    /// A CA the servers know nothing of.
    pub other_ca: String,
    /// For `localhost` and `127.0.0.1`, signed by `ca`.
    pub server: (String, String),
    /// The same names, expired in 2021.
    pub expired: (String, String),
    /// CN `certuser`, signed by `ca`.
    pub client: (String, String),
    /// CN `certuser`, signed by `other_ca`.
    pub stranger: (String, String),
}

pub fn certs() -> &'static Certs {
    static CERTS: OnceLock<Certs> = OnceLock::new();
    CERTS.get_or_init(|| {
        let (ca, ca_issuer) = make_ca("orm test CA");
        let (other_ca, other_issuer) = make_ca("some other CA");
        let server = server_leaf(&ca_issuer);
        let names = vec!["localhost".to_owned(), "127.0.0.1".to_owned()];
        let expired = leaf(names, None, ExtendedKeyUsagePurpose::ServerAuth, &ca_issuer, |p| {
            p.not_before = date_time_ymd(2020, 1, 1);
            p.not_after = date_time_ymd(2021, 1, 1);
        });
        let client = leaf(vec![], Some("certuser"), ExtendedKeyUsagePurpose::ClientAuth, &ca_issuer, |_| {});
        let stranger =
            leaf(vec![], Some("certuser"), ExtendedKeyUsagePurpose::ClientAuth, &other_issuer, |_| {});
        Certs { ca, other_ca, server, expired, client, stranger }
    })
}

/// A server and the client-side files (CA certificates, client certificate and key)
/// written beside it.
pub struct Cluster {
    pub server: &'static PrivateServer,
}

impl Cluster {
    pub fn port(&self) -> u16 {
        self.server.port()
    }

    /// A client-side file: `ca.pem`, `other-ca.pem`, `client.crt`, `client.key`,
    /// `stranger.crt`, `stranger.key`, `garbage.pem`.
    pub fn file(&self, name: &str) -> String {
        let path: PathBuf = self.server.dir().join("client").join(name);
        path.to_str().expect("a UTF-8 path").to_owned()
    }

    /// `postgres://{user}@{host}:{port}/postgres?{params}`
    pub fn url(&self, user: &str, host: &str, params: &str) -> String {
        format!("postgres://{user}@{host}:{}/postgres?{params}", self.port())
    }
}

fn cluster(options: ServerOptions, setup_sql: &str) -> Cluster {
    let certs = certs();
    let server = PrivateServer::start_with(options);
    let client = server.dir().join("client");
    std::fs::create_dir_all(&client).expect("a directory for client files");
    for (name, text) in [
        ("ca.pem", &certs.ca),
        ("other-ca.pem", &certs.other_ca),
        ("client.crt", &certs.client.0),
        ("client.key", &certs.client.1),
        ("stranger.crt", &certs.stranger.0),
        ("stranger.key", &certs.stranger.1),
        ("garbage.pem", &"GARBAGE-CONTENTS not a PEM file\n".to_owned()),
    ] {
        std::fs::write(client.join(name), text).expect("a client file");
    }
    if !setup_sql.is_empty() {
        server.psql(setup_sql);
    }
    Cluster { server: server.until_process_exit() }
}

fn tls_options(cert: &(String, String), hba: &str) -> ServerOptions {
    ServerOptions { hba: Some(hba.to_owned()), ..ServerOptions::tls(cert, &certs().ca) }
}

/// TLS on, a certificate for `localhost` and `127.0.0.1`; users: `postgres` (trust),
/// `certuser` (client certificate), `scramuser` and `md5user` (passwords), `sslonly`
/// (trusted over TLS only).
pub fn tls() -> &'static Cluster {
    static CLUSTER: OnceLock<Cluster> = OnceLock::new();
    CLUSTER.get_or_init(|| {
        let hba = "\
local all all trust
host all postgres 127.0.0.1/32 trust
hostssl all certuser 127.0.0.1/32 cert
host all scramuser 127.0.0.1/32 scram-sha-256
host all md5user 127.0.0.1/32 md5
hostssl all sslonly 127.0.0.1/32 trust
";
        let setup = format!(
            "CREATE ROLE certuser LOGIN; CREATE ROLE sslonly LOGIN;
             SET password_encryption = 'scram-sha-256'; CREATE ROLE scramuser LOGIN PASSWORD '{PASSWORD}';
             SET password_encryption = 'md5'; CREATE ROLE md5user LOGIN PASSWORD '{PASSWORD}';"
        );
        cluster(tls_options(&certs().server, hba), &setup)
    })
}

/// TLS on with a certificate that expired in 2021.
pub fn expired() -> &'static Cluster {
    static CLUSTER: OnceLock<Cluster> = OnceLock::new();
    CLUSTER.get_or_init(|| {
        cluster(
            tls_options(&certs().expired, "local all all trust\nhost all postgres 127.0.0.1/32 trust\n"),
            "",
        )
    })
}

/// No TLS (`ssl = off`, initdb's default).
pub fn plain() -> &'static Cluster {
    static CLUSTER: OnceLock<Cluster> = OnceLock::new();
    CLUSTER.get_or_init(|| cluster(ServerOptions::default(), ""))
}

/// Connects (one connection) with `url`; the pool is returned to run queries on.
pub async fn connect(url: &str) -> Result<Db, Error> {
    Db::builder(url).max_size(1).connect().await
}

/// Whether the session of this pool's connection is encrypted, from pg_stat_ssl.
pub async fn encrypted(db: &Db) -> bool {
    orm::sql!("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        .fetch_one(db)
        .await
        .expect("pg_stat_ssl answers")
}

/// The `reason` of an `Error::Tls`, or a panic naming what came instead.
pub fn tls_reason(result: Result<Db, Error>) -> String {
    match result {
        Err(Error::Tls { reason, .. }) => reason,
        Err(other) => panic!("expected Error::Tls, got {other:?}"),
        Ok(db) => panic!("expected Error::Tls, but connected: {db:?}"),
    }
}
