//! Access: no token, no page (401, in the browser too); a write to a read-only studio
//! is refused (403) and changes nothing; a forged form without the page's token too.

use orm::prelude::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::*;

/// Sends one HTTP/1.1 request and returns the status code and the body.
pub(crate) async fn request(origin: &str, method: &str, path: &str, body: &str) -> (u16, String) {
    let address = origin.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.expect("the studio answers");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("a status line");
    (status, response)
}

pub(crate) fn token(url: &str) -> &str {
    url.split("token=").nth(1).expect("the URL carries the token")
}

#[tokio::test]
async fn without_the_token_every_page_is_401() {
    let db = blog_db().await;
    let url = start_studio(&db, true).await;
    let origin = origin(&url);
    for path in ["/", "/tables/users", "/tables/users/schema", "/tables/users?token=wrong"] {
        let (status, body) = request(origin, "GET", path, "").await;
        assert_eq!(status, 401, "{path}: {body}");
        assert!(!body.contains("user0"), "no data without the token");
    }
    let (status, _) = request(origin, "GET", &format!("/tables/users?token={}", token(&url)), "").await;
    assert_eq!(status, 200);
    // In the browser: a fresh session without the URL's token sees the refusal.
    let browser = Browser::start().await;
    browser.open(&format!("{origin}/tables/users")).await;
    assert!(browser.body().await.contains("401"));
}

#[tokio::test]
async fn a_write_to_a_read_only_studio_is_403_and_changes_nothing() {
    let db = blog_db().await;
    let url = start_studio(&db, false).await;
    let user = User::select().filter(User::EMAIL.eq("user01@example.com")).one(&*db).await.unwrap();
    let token = token(&url);
    let path = format!("/tables/users/row?k={}&token={token}", user.id);
    let form = format!(
        "csrf={token}&c_email=x%40example.com&c_name=Mallory&c_role=admin&c_metadata=%7B%7D&c_created_at=2020-01-01"
    );
    let (status, body) = request(origin(&url), "POST", &path, &form).await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("--write"), "says how to allow it");
    let (status, _) = request(origin(&url), "GET", &format!("/tables/users/new?token={token}"), "").await;
    assert_eq!(status, 403);
    assert_eq!(User::select().filter(User::ID.eq(user.id)).one(&*db).await.unwrap(), user);
}

#[tokio::test]
async fn a_form_without_the_pages_token_is_refused_even_with_write() {
    let db = blog_db().await;
    let url = start_studio(&db, true).await;
    let user = User::select().filter(User::EMAIL.eq("user02@example.com")).one(&*db).await.unwrap();
    let path = format!("/tables/users/row?k={}&token={}", user.id, token(&url));
    let (status, _) = request(origin(&url), "POST", &path, "csrf=forged&c_name=Mallory").await;
    assert_eq!(status, 403);
    assert_eq!(User::select().filter(User::ID.eq(user.id)).one(&*db).await.unwrap(), user);
}
