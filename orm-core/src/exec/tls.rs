//! TLS for connections: `SslMode`, libpq's `sslmode` values and meanings.

/// How a connection uses TLS: libpq's `sslmode`, with the same names and meanings.
///
/// Set with the URL's `sslmode=..` (or `PGSSLMODE`) or
/// [`DbBuilder::ssl_mode`](super::DbBuilder::ssl_mode).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum SslMode {
    /// Never TLS (`disable`).
    Disable,
    /// TLS when the server offers it, else plaintext; the certificate is not checked
    /// (`prefer`, the default, as in libpq).
    #[default]
    Prefer,
    /// TLS or fail; the certificate is not checked (`require`).
    Require,
    /// TLS with a certificate signed by a trusted CA (`verify-ca`).
    VerifyCa,
    /// TLS with a certificate signed by a trusted CA and issued for the host name
    /// connected to (`verify-full`).
    VerifyFull,
}
