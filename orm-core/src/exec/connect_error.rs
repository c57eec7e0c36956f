//! Why a connection could not be opened, in one place: TLS checks that failed
//! ([`Error::Tls`]) and refused credentials ([`Error::Authentication`]), told apart by
//! SQLSTATE and by walking the error's sources down to rustls's own error.

use std::error::Error as StdError;

use rustls::{AlertDescription, CertificateError};
use tokio_postgres::error::SqlState;

use super::tls::{SslMode, TlsFacts};
use crate::error::Error;

/// The settings a connection was opened with, for explaining a failure.
#[derive(Debug, Clone, Default)]
pub(crate) struct ConnectFacts {
    /// The user connected as (`None` for a pool the application built).
    pub(crate) user: Option<String>,
    pub(crate) tls: TlsFacts,
}

/// The error a failed connection attempt becomes.
pub(crate) fn connect_error(err: tokio_postgres::Error, facts: &ConnectFacts) -> Error {
    if let Some(db) = err.as_db_error() {
        let message = db.message().to_owned();
        return match *db.code() {
            SqlState::INVALID_PASSWORD => authentication(
                err,
                facts,
                &message,
                "the password is wrong (or the user has none): check the password in the URL, `password=` or PGPASSWORD",
            ),
            SqlState::INVALID_AUTHORIZATION_SPECIFICATION => refused(err, facts, &message),
            _ => Error::from(err),
        };
    }
    if let Some(tls) = rustls_error(&err) {
        let reason = tls_reason(tls, facts);
        return Error::Tls { reason, source: Some(Box::new(err)) };
    }
    let text = err.to_string();
    let cause = err.source().map(|c| c.to_string()).unwrap_or_default();
    match (text.as_str(), cause.as_str()) {
        ("error performing TLS handshake", "server does not support TLS") => Error::Tls {
            reason: format!(
                "the server does not offer TLS, and sslmode={} never falls back to plaintext: turn on `ssl` in the \
                 server's postgresql.conf, or connect with sslmode=prefer (or disable) where plaintext is acceptable",
                facts.tls.mode.unwrap_or(SslMode::Require).as_str()
            ),
            source: Some(Box::new(err)),
        },
        ("error performing TLS handshake", _) => {
            Error::Tls { reason: format!("the TLS handshake failed: {cause}"), source: Some(Box::new(err)) }
        }
        ("invalid configuration", "password missing") => authentication(
            err,
            facts,
            "",
            "the server asks for a password and none was given: set it in the URL, `password=` or PGPASSWORD",
        ),
        ("authentication error", _) => authentication(
            err,
            facts,
            "",
            "the password exchange failed (SCRAM): check the password, and channel_binding if it is set",
        ),
        _ => Error::from(err),
    }
}

/// SQLSTATE 28000: pg_hba.conf refused the connection, or a certificate login failed.
fn refused(err: tokio_postgres::Error, facts: &ConnectFacts, message: &str) -> Error {
    if message.contains("no encryption") && facts.tls.mode == Some(SslMode::Disable) {
        return Error::Tls {
            reason: format!(
                "the server accepts this connection only over TLS (pg_hba.conf has a `hostssl` line for it; the \
                 server said: {message}), but sslmode=disable: connect with sslmode=require or stronger"
            ),
            source: Some(Box::new(err)),
        };
    }
    let hint = if message.contains("certificate") {
        if facts.tls.client_cert.is_some() {
            "pg_hba.conf asks for a client certificate (`cert`) and the one sent was refused: its CN must be the user name (or map to it in pg_ident.conf)"
        } else {
            "pg_hba.conf asks for a client certificate (`cert`): set sslcert and sslkey (or PGSSLCERT and PGSSLKEY) to a certificate signed by the server's ssl_ca_file, with the user name as its CN"
        }
    } else if message.contains("no pg_hba.conf entry") {
        "no pg_hba.conf line lets this user reach this database from this host (with this encryption): add one on the server, or connect as another user"
    } else {
        "the server refused this user (pg_hba.conf `reject`, a missing role, or a role without LOGIN)"
    };
    authentication(err, facts, message, hint)
}

fn authentication(err: tokio_postgres::Error, facts: &ConnectFacts, message: &str, hint: &str) -> Error {
    let user = facts.user.clone().or_else(|| quoted_user(message)).unwrap_or_else(|| "(unknown)".to_owned());
    let hint = if message.is_empty() { hint.to_owned() } else { format!("{hint} (server: {message})") };
    Error::Authentication { user, hint, source: Box::new(err) }
}

/// The user the server named in `.. for user "name"`.
fn quoted_user(message: &str) -> Option<String> {
    let start = message.find("user \"")? + "user \"".len();
    let len = message[start..].find('"')?;
    Some(message[start..start + len].to_owned())
}

/// rustls's error, wherever it sits in the chain: an `io::Error` hides its inner error
/// from `source()`, so each one is opened with `get_ref`.
fn rustls_error<'a>(err: &'a (dyn StdError + 'static)) -> Option<&'a rustls::Error> {
    let mut next: Option<&'a (dyn StdError + 'static)> = Some(err);
    while let Some(current) = next {
        if let Some(found) = current.downcast_ref::<rustls::Error>() {
            return Some(found);
        }
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            if let Some(inner) = io.get_ref() {
                if let Some(found) = rustls_error(inner) {
                    return Some(found);
                }
            }
        }
        next = current.source();
    }
    None
}

/// `2021-01-01 00:00:00 UTC`
fn utc(secs: u64) -> String {
    i64::try_from(secs)
        .ok()
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map_or_else(|| format!("{secs} (Unix time)"), |t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
}

/// rustls's `DnsName("db.example.com")` and `IpAddress(10.0.0.1)` as plain names.
fn presented_names(presented: &[String]) -> String {
    presented
        .iter()
        .map(|name| {
            let inner = name.split_once('(').and_then(|(_, rest)| rest.strip_suffix(')')).unwrap_or(name);
            format!("`{}`", inner.trim_matches('"'))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Which check failed, and what to set.
fn tls_reason(err: &rustls::Error, facts: &ConnectFacts) -> String {
    let roots = facts.tls.roots.as_deref().unwrap_or("the trusted roots");
    match err {
        rustls::Error::InvalidCertificate(cert) => match cert {
            CertificateError::UnknownIssuer => format!(
                "the server's certificate is not signed by a CA in {roots}: set sslrootcert to the CA certificate \
                 that signed the server's certificate"
            ),
            CertificateError::NotValidForName => {
                "the server's certificate is not issued for the host name connected to: connect with a name on the \
                 certificate, or use sslmode=verify-ca to check the CA alone"
                    .to_owned()
            }
            CertificateError::NotValidForNameContext { expected, presented } => format!(
                "the server's certificate is not issued for `{}` (it names {}): connect with a name on the \
                 certificate, or use sslmode=verify-ca to check the CA alone",
                expected.to_str(),
                if presented.is_empty() { "no host".to_owned() } else { presented_names(presented) }
            ),
            CertificateError::ExpiredContext { not_after, .. } => format!(
                "the server's certificate expired on {}: renew the server's certificate",
                utc(not_after.as_secs())
            ),
            CertificateError::Expired => "the server's certificate has expired: renew the server's certificate".to_owned(),
            CertificateError::NotValidYetContext { not_before, .. } => format!(
                "the server's certificate is not valid before {}: check the clocks of both machines, or wait",
                utc(not_before.as_secs())
            ),
            CertificateError::NotValidYet => {
                "the server's certificate is not valid yet: check the clocks of both machines, or wait".to_owned()
            }
            CertificateError::InvalidPurpose | CertificateError::InvalidPurposeContext { .. } => format!(
                "the server's certificate is not for TLS servers ({err}): issue it with the serverAuth extended key usage"
            ),
            _ => format!("the server's certificate was refused: {err}"),
        },
        rustls::Error::AlertReceived(alert) => match (alert, &facts.tls.client_cert) {
            (AlertDescription::CertificateRequired, _) => {
                "the server requires a client certificate: set sslcert and sslkey".to_owned()
            }
            (
                AlertDescription::UnknownCA
                | AlertDescription::BadCertificate
                | AlertDescription::CertificateExpired
                | AlertDescription::CertificateUnknown
                | AlertDescription::DecryptError,
                Some(cert),
            ) => format!(
                "the server refused the client certificate `{}` ({alert:?}): it must be valid and signed by a CA in \
                 the server's ssl_ca_file",
                cert.display()
            ),
            _ => format!("the server ended the TLS handshake ({alert:?})"),
        },
        _ => format!("the TLS handshake failed: {err}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_user_named_in_a_server_message() {
        assert_eq!(quoted_user(r#"password authentication failed for user "app""#), Some("app".to_owned()));
        assert_eq!(quoted_user("connection requires a valid client certificate"), None);
    }

    #[test]
    fn certificate_names_read_plainly() {
        let presented = ["DnsName(\"localhost\")".to_owned(), "IpAddress(127.0.0.1)".to_owned()];
        assert_eq!(presented_names(&presented), "`localhost`, `127.0.0.1`");
        assert_eq!(utc(1_609_459_200), "2021-01-01 00:00:00 UTC");
    }
}
