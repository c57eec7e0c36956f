//! TLS for connections: `SslMode` (libpq's `sslmode` values and meanings), and the
//! rustls connector the pool connects (and sends cancel requests) through.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::{WebPkiServerVerifier, verify_server_cert_signed_by_trust_anchor};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::pem::{self, PemObject};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::server::ParsedCertificate;
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::error::{Error, Result};

/// How a connection uses TLS: libpq's `sslmode`, with the same names and meanings.
///
/// Set with the URL's `sslmode=..` (or `PGSSLMODE`) or
/// [`DbBuilder::ssl_mode`](super::DbBuilder::ssl_mode). None of the modes falls back
/// to plaintext once TLS was asked for and refused, except `Prefer`, whose point it is.
/// Unix-socket connections never use TLS (as in libpq).
///
/// ```
/// use orm_core::SslMode;
///
/// assert_eq!("verify-full".parse::<SslMode>().unwrap(), SslMode::VerifyFull);
/// assert_eq!(SslMode::default(), SslMode::Prefer);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum SslMode {
    /// Never TLS (`disable`).
    Disable,
    /// TLS when the server offers it, else plaintext; the certificate is not checked
    /// (`prefer`, the default, as in libpq). libpq's `allow` reads as this too.
    #[default]
    Prefer,
    /// TLS or fail; the certificate is not checked (`require`), unless a root
    /// certificate is given (`sslrootcert`, or `~/.postgresql/root.crt` exists), when
    /// it is checked as in `VerifyCa` (as libpq does).
    Require,
    /// TLS with a certificate signed by a trusted CA (`verify-ca`); the host name is
    /// not checked.
    VerifyCa,
    /// TLS with a certificate signed by a trusted CA and issued for the host name (or
    /// IP address) connected to (`verify-full`).
    VerifyFull,
}

impl SslMode {
    /// libpq's name for the mode.
    pub fn as_str(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }
}

impl FromStr for SslMode {
    type Err = Error;

    /// libpq's names: `disable`, `allow` (read as `prefer`), `prefer`, `require`,
    /// `verify-ca`, `verify-full`.
    fn from_str(s: &str) -> Result<SslMode> {
        Ok(match s {
            "disable" => SslMode::Disable,
            "allow" | "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            _ => {
                return Err(Error::InvalidUrl(
                    "sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full"
                        .to_owned(),
                ));
            }
        })
    }
}

/// Where trusted CA certificates come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RootCert {
    /// A PEM file of one or more CA certificates (`sslrootcert=/path`).
    File(PathBuf),
    /// The platform's trusted roots (`sslrootcert=system`).
    System,
}

/// The TLS settings as given (connection string, environment, builder), before the
/// defaults are looked up.
#[derive(Debug, Clone)]
pub(crate) struct TlsOptions {
    pub(crate) mode: Option<SslMode>,
    pub(crate) root_cert: Option<RootCert>,
    pub(crate) client_cert: Option<PathBuf>,
    pub(crate) client_key: Option<PathBuf>,
    /// Send the host name in the handshake (`sslsni`, default on).
    pub(crate) sni: bool,
}

impl Default for TlsOptions {
    fn default() -> Self {
        TlsOptions { mode: None, root_cert: None, client_cert: None, client_key: None, sni: true }
    }
}

/// What a failed connection attempt is explained with: the settings in force.
#[derive(Debug, Clone, Default)]
pub(crate) struct TlsFacts {
    /// `None` for a pool the application built (`Db::from_pool`).
    pub(crate) mode: Option<SslMode>,
    /// The roots trusted, said for a message: a file path or "the system's roots".
    pub(crate) roots: Option<String>,
    pub(crate) client_cert: Option<PathBuf>,
}

/// The connector and what it was built from.
pub(crate) struct Tls {
    pub(crate) connector: MakeRustlsConnect,
    pub(crate) mode: SslMode,
    pub(crate) facts: TlsFacts,
}

impl TlsOptions {
    /// The mode in force: the one given, else `verify-full` with `sslrootcert=system`
    /// (as libpq 16), else `prefer`.
    pub(crate) fn effective_mode(&self) -> Result<SslMode> {
        let mode = match (self.mode, &self.root_cert) {
            (Some(mode), _) => mode,
            (None, Some(RootCert::System)) => SslMode::VerifyFull,
            (None, _) => SslMode::Prefer,
        };
        if self.root_cert == Some(RootCert::System) && mode != SslMode::VerifyFull && mode != SslMode::Disable
        {
            return Err(Error::InvalidUrl(format!(
                "sslmode={} may not be used with sslrootcert=system: the system's roots sign certificates for any \
                 host, so only verify-full checks anything (use sslmode=verify-full)",
                mode.as_str()
            )));
        }
        Ok(mode)
    }

    /// Reads the certificate files and builds the connector. `home` is where libpq's
    /// defaults live (`~/.postgresql/root.crt`, `postgresql.crt`, `postgresql.key`).
    pub(crate) fn build(&self, home: Option<&Path>) -> Result<Tls> {
        let mode = self.effective_mode()?;
        let provider = Arc::new(ring_provider());
        let default_file =
            |name: &str| home.map(|h| h.join(".postgresql").join(name)).filter(|p| p.is_file());
        let mut facts = TlsFacts { mode: Some(mode), ..TlsFacts::default() };
        let check = match mode {
            SslMode::Disable | SslMode::Prefer => Check::Nothing,
            SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => {
                let root = self.root_cert.clone().or_else(|| default_file("root.crt").map(RootCert::File));
                match (mode, root) {
                    (SslMode::Require, None) => Check::Nothing,
                    (_, root) => {
                        let (roots, described) = load_roots(root.as_ref())?;
                        facts.roots = Some(described);
                        if mode == SslMode::VerifyFull {
                            let verifier =
                                WebPkiServerVerifier::builder_with_provider(roots, provider.clone())
                                    .build()
                                    .map_err(|e| {
                                        tls_setup("the trusted root certificates cannot be used", e)
                                    })?;
                            Check::ChainAndName(verifier)
                        } else {
                            Check::Chain(roots)
                        }
                    }
                }
            }
        };
        let verifier = Arc::new(PgCertVerifier { check, provider: provider.clone() });
        let builder = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| tls_setup("rustls has no protocol version to offer", e))?
            .dangerous()
            .with_custom_certificate_verifier(verifier);
        let cert_path = self.client_cert.clone().or_else(|| default_file("postgresql.crt"));
        let mut config = match (mode, cert_path) {
            (SslMode::Disable, _) | (_, None) => builder.with_no_client_auth(),
            (_, Some(cert_path)) => {
                let key_path = self
                    .client_key
                    .clone()
                    .or_else(|| home.map(|h| h.join(".postgresql").join("postgresql.key")))
                    .ok_or_else(|| Error::Tls {
                        reason: format!(
                            "the client certificate `{}` has no key: set sslkey to its private key file",
                            cert_path.display()
                        ),
                        source: None,
                    })?;
                let certs = load_client_certs(&cert_path)?;
                let key = load_client_key(&key_path)?;
                facts.client_cert = Some(cert_path.clone());
                builder.with_client_auth_cert(certs, key).map_err(|e| Error::Tls {
                    reason: format!(
                        "the client certificate `{}` and key `{}` cannot be used together (does the key belong to the certificate?)",
                        cert_path.display(),
                        key_path.display()
                    ),
                    source: Some(Box::new(e)),
                })?
            }
        };
        // PostgreSQL 17 asks for this ALPN name with sslnegotiation=direct; older servers ignore it.
        config.alpn_protocols = vec![b"postgresql".to_vec()];
        config.enable_sni = self.sni;
        Ok(Tls { connector: MakeRustlsConnect::new(config), mode, facts })
    }
}

/// A connector for a pool the application built itself (`Db::from_pool`), used for
/// cancel requests: TLS when the server offers it, the certificate not checked.
pub(crate) fn unchecked_connector() -> MakeRustlsConnect {
    TlsOptions { mode: Some(SslMode::Prefer), ..TlsOptions::default() }
        .build(None)
        .expect("a connector that reads no file cannot fail")
        .connector
}

/// rustls's *ring* provider: lighter to build than aws-lc-rs (no C library of its own
/// beyond *ring*'s assembly). rustls 0.23.48 deprecated it for lacking post-quantum key
/// exchange, which PostgreSQL servers (OpenSSL) do not negotiate by default anyway.
#[allow(deprecated)]
fn ring_provider() -> CryptoProvider {
    rustls::crypto::ring::default_provider()
}

fn tls_setup(reason: &str, err: impl std::error::Error + Send + Sync + 'static) -> Error {
    Error::Tls { reason: reason.to_owned(), source: Some(Box::new(err)) }
}

/// The trusted roots and how to name them in a message.
fn load_roots(root: Option<&RootCert>) -> Result<(Arc<RootCertStore>, String)> {
    let mut store = RootCertStore::empty();
    let described = match root {
        Some(RootCert::File(path)) => {
            let certs = read_pem_certs(path, "sslrootcert")?;
            let (added, _) = store.add_parsable_certificates(certs);
            if added == 0 {
                return Err(Error::Tls {
                    reason: format!(
                        "sslrootcert `{}` holds no CA certificate rustls can use",
                        path.display()
                    ),
                    source: None,
                });
            }
            format!("sslrootcert `{}`", path.display())
        }
        None | Some(RootCert::System) => {
            let found = rustls_native_certs::load_native_certs();
            let (added, _) = store.add_parsable_certificates(found.certs);
            if added == 0 {
                return Err(Error::Tls {
                    reason: "no trusted root certificate found on this system (SSL_CERT_FILE, SSL_CERT_DIR, \
                             /etc/ssl/certs): install the CA certificates package or set sslrootcert to the \
                             CA certificate that signed the server's certificate"
                        .to_owned(),
                    source: found.errors.into_iter().next().map(|e| Box::new(e) as _),
                });
            }
            "the system's trusted roots (sslrootcert unset or `system`)".to_owned()
        }
    };
    Ok((Arc::new(store), described))
}

fn load_client_certs(path: &Path) -> Result<Vec<CertificateDer<'static>>> {
    read_pem_certs(path, "sslcert")
}

/// Every certificate in a PEM file. Errors name the file, never its contents.
fn read_pem_certs(path: &Path, key: &str) -> Result<Vec<CertificateDer<'static>>> {
    let certs: Vec<_> = CertificateDer::pem_file_iter(path)
        .and_then(|iter| iter.collect::<std::result::Result<Vec<_>, _>>())
        .map_err(|e| pem_error(key, path, "certificate", e))?;
    if certs.is_empty() {
        return Err(Error::Tls {
            reason: format!(
                "{key} `{}` holds no PEM certificate (`-----BEGIN CERTIFICATE-----`)",
                path.display()
            ),
            source: None,
        });
    }
    Ok(certs)
}

fn load_client_key(path: &Path) -> Result<PrivateKeyDer<'static>> {
    PrivateKeyDer::from_pem_file(path).map_err(|e| pem_error("sslkey", path, "private key", e))
}

/// A certificate or key file that cannot be read. Only an I/O error is kept as the
/// source: the PEM reader's errors may quote lines of the file.
fn pem_error(key: &str, path: &Path, what: &str, err: pem::Error) -> Error {
    match err {
        pem::Error::Io(io) => Error::Tls {
            reason: format!("cannot read {key} `{}`: {io}", path.display()),
            source: Some(Box::new(io)),
        },
        pem::Error::NoItemsFound if what == "private key" => Error::Tls {
            reason: format!(
                "sslkey `{}` holds no private key rustls can read (an unencrypted PKCS#8, PKCS#1 or SEC1 PEM key; \
                 encrypted keys are not supported)",
                path.display()
            ),
            source: None,
        },
        _ => Error::Tls {
            reason: format!("{key} `{}` is not a readable PEM {what} file", path.display()),
            source: None,
        },
    }
}

/// The server certificate check for each mode.
#[derive(Debug)]
enum Check {
    /// `prefer`, and `require` without a root certificate: encrypted, not authenticated.
    Nothing,
    /// `verify-ca` (and `require` with a root certificate): a chain to a trusted root.
    Chain(Arc<RootCertStore>),
    /// `verify-full`: the chain and the host name or IP address.
    ChainAndName(Arc<WebPkiServerVerifier>),
}

#[derive(Debug)]
struct PgCertVerifier {
    check: Check,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for PgCertVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        match &self.check {
            Check::Nothing => Ok(ServerCertVerified::assertion()),
            Check::Chain(roots) => {
                let cert = ParsedCertificate::try_from(end_entity)?;
                verify_server_cert_signed_by_trust_anchor(
                    &cert,
                    roots,
                    intermediates,
                    now,
                    self.provider.signature_verification_algorithms.all,
                )?;
                Ok(ServerCertVerified::assertion())
            }
            Check::ChainAndName(verifier) => {
                verifier.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
            }
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}

/// Sets tokio-postgres's own `sslmode` for `mode` (the checking modes are `require`
/// to it: the connector checks the certificate), names a `hostaddr` given alone as
/// the host TLS checks, and turns TLS off over Unix sockets, as libpq does.
pub(super) fn configure(config: &mut tokio_postgres::Config, mode: SslMode) {
    use tokio_postgres::config::{Host, SslMode as DriverMode};
    config.ssl_mode(match mode {
        SslMode::Disable => DriverMode::Disable,
        SslMode::Prefer => DriverMode::Prefer,
        SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => DriverMode::Require,
    });
    // A `hostaddr` alone is also the name TLS checks (tokio-postgres needs one).
    if config.get_hosts().is_empty() {
        for addr in config.get_hostaddrs().to_vec() {
            config.host(addr.to_string());
        }
    }
    // As libpq: no TLS over Unix sockets, whatever sslmode says.
    let hosts = config.get_hosts();
    if !hosts.is_empty()
        && config.get_hostaddrs().is_empty()
        && hosts.iter().all(|host| !matches!(host, Host::Tcp(_)))
    {
        config.ssl_mode(DriverMode::Disable);
    }
}
