//! `redact_url`: a database URL safe to print.

/// The URL with its password replaced by `***`, for logs and error messages.
///
/// Handles both URL form and key=value form.
///
/// ```
/// use orm_core::exec::redact_url;
///
/// assert_eq!(redact_url("postgres://app:s3cret@db:5432/app"), "postgres://app:***@db:5432/app");
/// assert_eq!(redact_url("host=db user=app password=s3cret"), "host=db user=app password=***");
/// assert_eq!(redact_url("postgres://postgres@127.0.0.1/postgres"), "postgres://postgres@127.0.0.1/postgres");
/// ```
pub fn redact_url(url: &str) -> String {
    if let Some(scheme_end) = url.find("://") {
        let rest = &url[scheme_end + 3..];
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let authority = &rest[..authority_end];
        if let Some(at) = authority.rfind('@') {
            if let Some(colon) = authority[..at].find(':') {
                let user_end = scheme_end + 3 + colon;
                return format!("{}:***{}", &url[..user_end], &url[scheme_end + 3 + at..]);
            }
        }
        return url.to_owned();
    }
    url.split(' ')
        .map(|pair| match pair.split_once('=') {
            Some(("password", _)) => "password=***".to_owned(),
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}
