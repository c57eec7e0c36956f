//! The access token: made at start-up, printed in the URL, checked on every request.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::server::Shared;

/// The cookie that carries the token after the first visit through the printed URL.
pub(crate) const COOKIE: &str = "orm_studio_token";

/// A new random token: 256 bits from the operating system's generator, as hex.
pub(crate) fn new_token() -> String {
    let (a, b) = (uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
    format!("{}{}", a.simple(), b.simple())
}

/// Compares without stopping at the first difference, so the time taken does not tell
/// an attacker how much of a guess was right.
pub(crate) fn same_token(given: &str, token: &str) -> bool {
    let (given, token) = (given.as_bytes(), token.as_bytes());
    if given.len() != token.len() {
        return false;
    }
    given.iter().zip(token).fold(0u8, |diff, (a, b)| diff | (a ^ b)) == 0
}

/// The token a request carries: `?token=` in the URL, or the cookie.
fn given_token(query: Option<&str>, headers: &HeaderMap) -> Option<String> {
    let from_query = query
        .into_iter()
        .flat_map(|q| form_urlencoded::parse(q.as_bytes()))
        .find_map(|(key, value)| (key == "token").then(|| value.into_owned()));
    from_query.or_else(|| {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .find_map(|pair| {
                let (name, value) = pair.trim().split_once('=')?;
                (name == COOKIE).then(|| value.to_owned())
            })
    })
}

/// Refuses a request without the right token (401); a right token given in the URL is
/// kept in a cookie (HttpOnly, SameSite=Strict) so the page's own links need not carry it.
pub(crate) async fn require_token(State(shared): State<Shared>, request: Request, next: Next) -> Response {
    let given = given_token(request.uri().query(), request.headers());
    let from_query = request.uri().query().is_some_and(|q| q.contains("token="));
    match given {
        Some(given) if same_token(&given, &shared.token) => {
            let mut response = next.run(request).await;
            if from_query {
                let cookie = format!("{COOKIE}={}; Path=/; HttpOnly; SameSite=Strict", shared.token);
                if let Ok(value) = cookie.parse() {
                    response.headers_mut().append(header::SET_COOKIE, value);
                }
            }
            response
        }
        _ => (
            StatusCode::UNAUTHORIZED,
            "401: open the studio through the URL it printed at start-up (it carries the access token)",
        )
            .into_response(),
    }
}
