//! `redact_url`: where a connection string points, safe to print.

use super::conninfo::{parse_pairs, quoted};

/// What [`redact_url`] prints for a string it cannot read.
const UNREADABLE: &str = "(a connection string that cannot be read)";

/// What [`redact_url`] prints for an empty string.
const EMPTY: &str = "(an empty connection string: the PG* environment variables and libpq defaults)";

/// Where a connection string points, for logs and error messages: its hosts, ports,
/// database and user, and `***` where a password was given.
///
/// The string is read with the parser [`Db::builder`](crate::Db::builder) connects
/// with, and the description is written from those fields alone, never from the
/// text: a URL comes back as a URL, key=value pairs as key=value pairs, and other
/// keys are left out (their values may be anything). A string that cannot be read
/// (such as a URL whose password holds an unencoded `/`, which would make the rest of
/// it the path) prints a fixed phrase. The `PG*` variables are not consulted.
///
/// ```
/// use orm_core::exec::redact_url;
///
/// assert_eq!(redact_url("postgres://app:s3cret@db:5432/app"), "postgres://app:***@db:5432/app");
/// assert_eq!(redact_url("postgres://db/app?user=app&pass%77ord=s3cret&sslmode=require"), "postgres://app:***@db/app");
/// assert_eq!(redact_url("host=db user=app password = 'a b\\'c'"), "host=db user=app password=***");
/// assert_eq!(redact_url("postgres://app:s3/cret@db/app"), "(a connection string that cannot be read)");
/// assert_eq!(redact_url("postgres://postgres@127.0.0.1/postgres"), "postgres://postgres@127.0.0.1/postgres");
/// ```
pub fn redact_url(conninfo: &str) -> String {
    let Ok(pairs) = parse_pairs(conninfo) else {
        return UNREADABLE.to_owned();
    };
    if conninfo.trim().is_empty() {
        return EMPTY.to_owned();
    }
    let target = Target::from_pairs(&pairs);
    match conninfo.split_once("://") {
        Some((scheme, _)) => target.to_url(scheme),
        None => target.to_key_values(),
    }
}

/// The printable fields of a connection string.
#[derive(Default)]
struct Target<'a> {
    hosts: Option<&'a str>,
    hostaddrs: Option<&'a str>,
    ports: Option<&'a str>,
    dbname: Option<&'a str>,
    user: Option<&'a str>,
    has_password: bool,
}

impl<'a> Target<'a> {
    fn from_pairs(pairs: &'a [(String, String)]) -> Target<'a> {
        let mut target = Target::default();
        for (key, value) in pairs {
            let value = Some(value.as_str());
            match key.as_str() {
                "host" => target.hosts = value,
                "hostaddr" => target.hostaddrs = value,
                "port" => target.ports = value,
                "dbname" => target.dbname = value,
                "user" => target.user = value,
                "password" => target.has_password = true,
                _ => {}
            }
        }
        target
    }

    /// `scheme://user:***@host:port,host:port/dbname`, with `?hostaddr=` when given.
    fn to_url(&self, scheme: &str) -> String {
        let mut out = format!("{scheme}://");
        if let Some(user) = self.user {
            out.push_str(&percent_encoded(user));
        }
        if self.has_password {
            out.push_str(":***");
        }
        if self.user.is_some() || self.has_password {
            out.push('@');
        }
        let hosts: Vec<&str> = self.hosts.map(|h| h.split(',').collect()).unwrap_or_default();
        let ports: Vec<&str> = self.ports.map(|p| p.split(',').collect()).unwrap_or_default();
        let port_of =
            |i: usize| if ports.len() == 1 { ports[0] } else { ports.get(i).copied().unwrap_or("") };
        let hostspecs: Vec<String> = if hosts.is_empty() {
            ports
                .iter()
                .map(|port| if port.is_empty() { String::new() } else { format!(":{port}") })
                .collect()
        } else {
            hosts
                .iter()
                .enumerate()
                .map(|(i, host)| {
                    let host = if host.contains(':') { format!("[{host}]") } else { percent_encoded(host) };
                    match port_of(i) {
                        "" => host,
                        port => format!("{host}:{port}"),
                    }
                })
                .collect()
        };
        out.push_str(&hostspecs.join(","));
        if let Some(dbname) = self.dbname {
            out.push('/');
            out.push_str(&percent_encoded(dbname));
        }
        if let Some(hostaddrs) = self.hostaddrs {
            out.push_str("?hostaddr=");
            out.push_str(hostaddrs);
        }
        out
    }

    /// `host=.. hostaddr=.. port=.. dbname=.. user=.. password=***`, each when given.
    fn to_key_values(&self) -> String {
        let fields = [
            ("host", self.hosts),
            ("hostaddr", self.hostaddrs),
            ("port", self.ports),
            ("dbname", self.dbname),
            ("user", self.user),
            ("password", self.has_password.then_some("***")),
        ];
        let written: Vec<String> = fields
            .into_iter()
            .filter_map(|(key, value)| value.map(|value| format!("{key}={}", quoted_if_needed(value))))
            .collect();
        written.join(" ")
    }
}

/// Every byte but letters, digits and `-._~` as `%XX`.
fn percent_encoded(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for byte in s.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A key=value value, quoted when it is empty or holds white space, a quote or a backslash.
fn quoted_if_needed(value: &str) -> String {
    if value.is_empty() || value.chars().any(|c| c.is_whitespace() || c == '\'' || c == '\\') {
        quoted(value)
    } else {
        value.to_owned()
    }
}

#[cfg(test)]
mod tests;
