//! The two spellings of a libpq connection string, read into `(key, value)` pairs:
//! `postgres://user:password@host:port/dbname?key=value` and `key=value key='a b'`.
//!
//! Error messages name known keys and positions, never values: a value may be a password.

use super::keys;

/// Reads either form; an empty (or blank) string has no pairs.
pub(crate) fn parse_pairs(s: &str) -> Result<Vec<(String, String)>, String> {
    for scheme in ["postgresql://", "postgres://"] {
        if let Some(rest) = s.strip_prefix(scheme) {
            return parse_url(rest);
        }
    }
    if s.contains("://") {
        return Err("the URL must start with `postgres://` or `postgresql://`".to_owned());
    }
    parse_key_values(s)
}

/// A URL after its scheme, cut into its user info, its hosts and path, and its query.
struct UrlParts<'a> {
    /// `user[:password]`, before the `@`.
    userinfo: Option<&'a str>,
    /// `host[:port][,..][/dbname]`.
    hosts_and_path: &'a str,
    /// What follows the `?`.
    query: Option<&'a str>,
}

/// Cuts `rest` (a URL after `postgres://`). The user info ends at the last `@` before
/// the path, so that an unencoded `@` in a password still reads as libpq users expect;
/// an `@` before the path but after a `?` ends it too, as in libpq, so that an
/// unencoded `?` in a password is not taken for the query (and quoted in an error).
fn split_url(rest: &str) -> UrlParts<'_> {
    let path_start = |s: &str| s.find('/').unwrap_or(s.len());
    let before_query = &rest[..rest.find('?').unwrap_or(rest.len())];
    let at =
        before_query[..path_start(before_query)].rfind('@').or_else(|| rest[..path_start(rest)].rfind('@'));
    let (userinfo, after) = match at {
        Some(at) => (Some(&rest[..at]), &rest[at + 1..]),
        None => (None, rest),
    };
    let (hosts_and_path, query) = match after.split_once('?') {
        Some((hosts_and_path, query)) => (hosts_and_path, Some(query)),
        None => (after, None),
    };
    UrlParts { userinfo, hosts_and_path, query }
}

/// `[user[:password]@][host[:port][,host[:port]..]][/dbname][?key=value[&..]]`, after the scheme.
fn parse_url(rest: &str) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    let UrlParts { userinfo, hosts_and_path, query } = split_url(rest);
    if let Some(userinfo) = userinfo {
        let (user, password) = match userinfo.split_once(':') {
            Some((user, password)) => (user, Some(password)),
            None => (userinfo, None),
        };
        if !user.is_empty() {
            pairs.push(("user".to_owned(), decode(user, "the user name")?));
        }
        if let Some(password) = password {
            pairs.push(("password".to_owned(), decode(password, "the password")?));
        }
    }
    let (hostspec, dbname) = match hosts_and_path.find('/') {
        Some(slash) => (&hosts_and_path[..slash], Some(&hosts_and_path[slash + 1..])),
        None => (hosts_and_path, None),
    };
    parse_hosts(hostspec, &mut pairs)?;
    // libpq would connect to the database `cd@host/db` for `postgres://app:ab/cd@host/db`,
    // and the server's "database .. does not exist" would quote the password's tail.
    if dbname.is_some_and(|d| d.contains('@')) {
        return Err("the database name in the URL holds an unencoded `@`: a password with an unencoded `/` \
                    ends the user info early; write `/` in a password as %2F (and `@` in a database name as %40)"
            .to_owned());
    }
    if let Some(dbname) = dbname.filter(|d| !d.is_empty()) {
        pairs.push(("dbname".to_owned(), decode(dbname, "the database name")?));
    }
    for param in query.into_iter().flat_map(|q| q.split('&')).filter(|p| !p.is_empty()) {
        let Some((key, value)) = param.split_once('=') else {
            return Err(
                "a URL parameter has no `=value` (encode an `&` in a value, such as a password, as %26)"
                    .to_owned(),
            );
        };
        let key = decode(key, "a parameter name")?;
        let value = decode(value, &format!("the value of {}", keys::named(&key)))?;
        set(&mut pairs, key, value);
    }
    Ok(pairs)
}

/// `host[:port]`, `[v6]:port` or `%2Fsocket%2Fdir`, comma separated.
fn parse_hosts(hostspec: &str, pairs: &mut Vec<(String, String)>) -> Result<(), String> {
    if hostspec.is_empty() {
        return Ok(());
    }
    let mut hosts = Vec::new();
    let mut ports = Vec::new();
    for chunk in hostspec.split(',') {
        let (host, port) = if let Some(v6) = chunk.strip_prefix('[') {
            let Some(end) = v6.find(']') else {
                return Err("an IPv6 address in the URL lacks its closing `]`".to_owned());
            };
            let after = &v6[end + 1..];
            let port = match after.strip_prefix(':') {
                Some(port) => port,
                None if after.is_empty() => "",
                None => return Err("unexpected text after an IPv6 address in the URL".to_owned()),
            };
            (&v6[..end], port)
        } else {
            match chunk.rsplit_once(':') {
                Some((host, port)) => (host, port),
                None => (chunk, ""),
            }
        };
        if !port.is_empty() && port.parse::<u16>().is_err() {
            return Err("a port in the URL is not a number from 0 to 65535".to_owned());
        }
        hosts.push(decode(host, "a host name")?);
        ports.push(port.to_owned());
    }
    if hosts.iter().any(|h| !h.is_empty()) {
        pairs.push(("host".to_owned(), hosts.join(",")));
    }
    if ports.iter().any(|p| !p.is_empty()) {
        pairs.push(("port".to_owned(), ports.join(",")));
    }
    Ok(())
}

/// `%XX` escapes decoded (libpq decodes nothing else: `+` stays `+`).
fn decode(s: &str, what: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
            let Some(byte) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) else {
                return Err(format!("{what} in the URL has a `%` not followed by two hex digits"));
            };
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| format!("{what} in the URL does not decode to UTF-8"))
}

/// `key=value` pairs separated by white space; a value is single-quoted (`'a b'`,
/// with `\'` and `\\`) or runs to the next white space (with the same escapes).
fn parse_key_values(s: &str) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    let mut chars = s.char_indices().peekable();
    loop {
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        let Some(&(start, _)) = chars.peek() else { break };
        let mut key = String::new();
        while let Some((_, c)) = chars.next_if(|(_, c)| *c != '=' && !c.is_whitespace()) {
            key.push(c);
        }
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        if chars.next_if(|(_, c)| *c == '=').is_none() {
            // The word is not quoted back: it may be a password typed without its key.
            return Err(format!("expected `key=value` at character {}, found a word without `=`", start + 1));
        }
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        let mut value = String::new();
        if chars.next_if(|(_, c)| *c == '\'').is_some() {
            loop {
                match chars.next() {
                    Some((_, '\'')) => break,
                    Some((_, '\\')) => match chars.next() {
                        Some((_, c)) => value.push(c),
                        None => {
                            return Err(format!("the quoted value of {} is not closed", keys::named(&key)));
                        }
                    },
                    Some((_, c)) => value.push(c),
                    None => return Err(format!("the quoted value of {} is not closed", keys::named(&key))),
                }
            }
        } else {
            while let Some((_, c)) = chars.next_if(|(_, c)| !c.is_whitespace()) {
                if c == '\\' {
                    if let Some((_, escaped)) = chars.next() {
                        value.push(escaped);
                    }
                } else {
                    value.push(c);
                }
            }
        }
        set(&mut pairs, key, value);
    }
    Ok(pairs)
}

/// Sets `key`, replacing an earlier value (the last one given wins, as in libpq).
pub(super) fn set(pairs: &mut Vec<(String, String)>, key: String, value: String) {
    match pairs.iter_mut().find(|(k, _)| *k == key) {
        Some(pair) => pair.1 = value,
        None => pairs.push((key, value)),
    }
}

/// `key='value' ..`, quoted for tokio-postgres's key=value reader.
pub(super) fn to_key_values(pairs: &[(String, String)]) -> String {
    let mut out = String::new();
    for (key, value) in pairs {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(key);
        out.push('=');
        out.push_str(&quoted(value));
    }
    out
}

/// `'value'`, with `'` and `\` escaped, as the key=value form reads it.
pub(crate) fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        if c == '\'' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('\'');
    out
}
