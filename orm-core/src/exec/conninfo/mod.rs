//! Connection strings as libpq reads them: the URL and key=value forms, the `PG*`
//! environment variables for what the string leaves out, and libpq's defaults.
//!
//! orm takes out what it handles itself (`sslmode`, `sslrootcert`, `sslcert`,
//! `sslkey`, `sslsni`, `pooler_mode`) and hands every other key to tokio-postgres, so
//! each of its options keeps working. Errors never quote a value (a value may be the
//! password), and the password is scrubbed from any message that would.

mod env;
mod keys;
mod syntax;
#[cfg(test)]
mod tests;

pub(crate) use syntax::{parse_pairs, quoted};

use std::path::PathBuf;
use std::str::FromStr;

use super::pooler::PoolerMode;
use super::tls::{RootCert, TlsOptions};
use crate::error::{Error, Result};

/// A connection string read into what tokio-postgres needs and what orm handles.
#[derive(Debug)]
pub(crate) struct ConnInfo {
    pub(crate) config: tokio_postgres::Config,
    pub(crate) tls: TlsOptions,
    pub(crate) pooler_mode: Option<PoolerMode>,
}

impl ConnInfo {
    /// Reads `s` (URL, key=value, or empty), filling what it leaves out from the `PG*`
    /// variables that `env` looks up, then from libpq's defaults.
    pub(crate) fn parse(s: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<ConnInfo> {
        let mut pairs = parse_pairs(s).map_err(Error::InvalidUrl)?;
        // The JDBC spelling libpq accepts in URLs.
        if let Some(at) = pairs.iter().position(|(k, v)| k == "ssl" && v == "true") {
            pairs.remove(at);
            if !pairs.iter().any(|(k, _)| k == "sslmode") {
                pairs.push(("sslmode".to_owned(), "require".to_owned()));
            }
        }
        env::fill_from_env(&mut pairs, env);
        env::fill_defaults(&mut pairs, env);
        let password = pairs.iter().find(|(k, _)| k == "password").map(|(_, v)| v.clone());
        let scrub = |text: String| scrub_password(text, password.as_deref());

        let mut tls = TlsOptions::default();
        let mut pooler_mode = None;
        let mut driver = Vec::new();
        let mut fallback_application_name = None;
        for (key, value) in pairs {
            match key.as_str() {
                "sslmode" => tls.mode = Some(value.parse()?),
                "sslrootcert" => {
                    tls.root_cert = Some(if value == "system" {
                        RootCert::System
                    } else {
                        RootCert::File(PathBuf::from(value))
                    });
                }
                "sslcert" => tls.client_cert = Some(PathBuf::from(value)),
                "sslkey" => tls.client_key = Some(PathBuf::from(value)),
                "sslsni" => {
                    tls.sni = match value.as_str() {
                        "1" => true,
                        "0" => false,
                        _ => return Err(Error::InvalidUrl("sslsni must be 0 or 1".to_owned())),
                    }
                }
                "pooler_mode" => {
                    pooler_mode = Some(match value.as_str() {
                        "session" => PoolerMode::Session,
                        "transaction" => PoolerMode::Transaction,
                        _ => {
                            return Err(Error::InvalidUrl(
                                "pooler_mode must be `session` or `transaction`".to_owned(),
                            ));
                        }
                    });
                }
                // orm never encrypts with GSSAPI: "disable" and "prefer" connect as they would.
                "gssencmode" => match value.as_str() {
                    "disable" | "prefer" => {}
                    _ => {
                        return Err(Error::InvalidUrl(
                            "gssencmode=require is not supported: orm encrypts with TLS (sslmode), not GSSAPI".to_owned(),
                        ));
                    }
                },
                "fallback_application_name" => fallback_application_name = Some(value),
                unsupported if keys::UNSUPPORTED.contains(&unsupported) => {
                    return Err(Error::InvalidUrl(format!(
                        "the libpq option `{unsupported}` is not supported by orm (tokio-postgres)"
                    )));
                }
                known if keys::DRIVER.contains(&known) => driver.push((key, value)),
                unknown => return Err(Error::InvalidUrl(keys::unknown(unknown))),
            }
        }
        if let Some(name) = fallback_application_name {
            if !driver.iter().any(|(k, _)| k == "application_name") {
                driver.push(("application_name".to_owned(), name));
            }
        }
        let config = tokio_postgres::Config::from_str(&syntax::to_key_values(&driver))
            .map_err(|e| Error::InvalidUrl(scrub(driver_error(&e))))?;
        Ok(ConnInfo { config, tls, pooler_mode })
    }
}

/// tokio-postgres's "invalid connection string" with its cause ("invalid value for option `port`").
fn driver_error(err: &tokio_postgres::Error) -> String {
    match std::error::Error::source(err) {
        Some(cause) => format!("{err}: {cause}"),
        None => err.to_string(),
    }
}

/// `text` with every occurrence of the password replaced by `***`.
fn scrub_password(text: String, password: Option<&str>) -> String {
    match password {
        Some(password) if !password.is_empty() && text.contains(password) => text.replace(password, "***"),
        _ => text,
    }
}
