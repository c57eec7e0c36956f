//! `redact_url`: a database URL safe to print.

use super::conninfo::{UrlParts, key_value_spans, split_url};

/// The URL with its password replaced by `***`, for logs and error messages.
///
/// Handles both URL form (the password after the user, or a `password=` parameter)
/// and key=value form (quoted or not).
///
/// ```
/// use orm_core::exec::redact_url;
///
/// assert_eq!(redact_url("postgres://app:s3cret@db:5432/app"), "postgres://app:***@db:5432/app");
/// assert_eq!(redact_url("postgres://app@db/app?password=s3cret&sslmode=require"), "postgres://app@db/app?password=***&sslmode=require");
/// assert_eq!(redact_url("host=db user=app password=s3cret"), "host=db user=app password=***");
/// assert_eq!(redact_url("host=db password = 'a b\\'c' user=app"), "host=db password = *** user=app");
/// assert_eq!(redact_url("postgres://postgres@127.0.0.1/postgres"), "postgres://postgres@127.0.0.1/postgres");
/// ```
pub fn redact_url(url: &str) -> String {
    if let Some(scheme_end) = url.find("://") {
        let UrlParts { userinfo, hosts_and_path, query } = split_url(&url[scheme_end + 3..]);
        let mut out = url[..scheme_end + 3].to_owned();
        if let Some(userinfo) = userinfo {
            match userinfo.split_once(':') {
                Some((user, _)) => {
                    out.push_str(user);
                    out.push_str(":***");
                }
                None => out.push_str(userinfo),
            }
            out.push('@');
        }
        out.push_str(hosts_and_path);
        if let Some(query) = query {
            out.push('?');
            let params: Vec<String> = query
                .split('&')
                .map(|param| match param.split_once('=') {
                    Some(("password", _)) => "password=***".to_owned(),
                    _ => param.to_owned(),
                })
                .collect();
            out.push_str(&params.join("&"));
        }
        return out;
    }
    match key_value_spans(url) {
        Ok(pairs) => {
            let mut out = url.to_owned();
            for (_, _, span) in pairs.into_iter().filter(|(key, _, _)| key == "password").rev() {
                out.replace_range(span, "***");
            }
            out
        }
        // Unreadable: nothing of it is shown but the keys before a password could be.
        Err(_) if url.contains("password") => "(a connection string that cannot be read)".to_owned(),
        Err(_) => url.to_owned(),
    }
}
