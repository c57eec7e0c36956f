//! The libpq environment variables (`PGHOST`, `PGUSER`, ..) and the defaults libpq
//! falls back on, for what a connection string leaves out.

use std::path::Path;

/// Each variable and the connection string key it stands for, as libpq reads them.
const VARIABLES: &[(&str, &str)] = &[
    ("PGHOST", "host"),
    ("PGHOSTADDR", "hostaddr"),
    ("PGPORT", "port"),
    ("PGDATABASE", "dbname"),
    ("PGUSER", "user"),
    ("PGPASSWORD", "password"),
    ("PGOPTIONS", "options"),
    ("PGAPPNAME", "application_name"),
    ("PGSSLMODE", "sslmode"),
    ("PGSSLNEGOTIATION", "sslnegotiation"),
    ("PGSSLROOTCERT", "sslrootcert"),
    ("PGSSLCERT", "sslcert"),
    ("PGSSLKEY", "sslkey"),
    ("PGSSLSNI", "sslsni"),
    ("PGCONNECT_TIMEOUT", "connect_timeout"),
    ("PGTARGETSESSIONATTRS", "target_session_attrs"),
    ("PGCHANNELBINDING", "channel_binding"),
    ("PGLOADBALANCEHOSTS", "load_balance_hosts"),
    ("PGGSSENCMODE", "gssencmode"),
];

/// Adds, for each key the string left out, the value of its variable (when set and
/// not empty, as libpq treats an empty one).
pub(super) fn fill_from_env(pairs: &mut Vec<(String, String)>, env: &dyn Fn(&str) -> Option<String>) {
    for (variable, key) in VARIABLES {
        if pairs.iter().any(|(k, _)| k == key) {
            continue;
        }
        if let Some(value) = env(variable).filter(|v| !v.is_empty()) {
            pairs.push(((*key).to_owned(), value));
        }
    }
}

/// libpq's defaults for what neither the string nor the environment gave: the user is
/// the operating system's user, the host the local server's socket directory
/// (`/var/run/postgresql`, then `/tmp`) when a socket for the port is there, else
/// `localhost`.
pub(super) fn fill_defaults(pairs: &mut Vec<(String, String)>, env: &dyn Fn(&str) -> Option<String>) {
    let has = |pairs: &[(String, String)], key: &str| pairs.iter().any(|(k, _)| k == key);
    if !has(pairs, "user") {
        if let Some(user) = os_user(env) {
            pairs.push(("user".to_owned(), user));
        }
    }
    if !has(pairs, "host") && !has(pairs, "hostaddr") {
        let port = pairs
            .iter()
            .find(|(k, _)| k == "port")
            .and_then(|(_, v)| v.split(',').next())
            .filter(|p| !p.is_empty())
            .unwrap_or("5432")
            .to_owned();
        let host = ["/var/run/postgresql", "/tmp"]
            .into_iter()
            .find(|dir| Path::new(dir).join(format!(".s.PGSQL.{port}")).exists())
            .unwrap_or("localhost");
        pairs.push(("host".to_owned(), host.to_owned()));
    }
}

/// The name of the user this process runs as: its uid looked up in `/etc/passwd`
/// (as libpq does), else `$USER` / `$LOGNAME` / `$USERNAME`.
fn os_user(env: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    passwd_user().or_else(|| {
        ["USER", "LOGNAME", "USERNAME"].into_iter().find_map(|v| env(v).filter(|u| !u.is_empty()))
    })
}

#[cfg(unix)]
fn passwd_user() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    // /proc/self belongs to the process's effective uid.
    let uid = std::fs::metadata("/proc/self").ok()?.uid();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        let entry_uid = fields.nth(1)?.parse::<u32>().ok()?;
        (entry_uid == uid).then(|| name.to_owned())
    })
}

#[cfg(not(unix))]
fn passwd_user() -> Option<String> {
    None
}
