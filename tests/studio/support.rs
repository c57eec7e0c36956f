//! A blog database with rows, a studio serving it, and a headless Chromium to drive it.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use orm::prelude::*;
use orm::testing::TestDb;
use orm_migrate::studio::{Studio, StudioOptions};
use serde_json::json;

#[allow(dead_code, unused_imports)]
mod blog {
    include!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/blog/schema.rs"));
}
pub use blog::*;

/// A fresh blog database: 60 users `user00@example.com`.. (names "User 00"..), each
/// with a profile; user 07 has 3 posts, user 08 one.
pub async fn blog_db() -> TestDb {
    let db = TestDb::with_schema(&orm_migrate::create_sql(&schema())).await;
    let users = (0..60).map(|i| NewUser {
        id: None,
        email: format!("user{i:02}@example.com"),
        name: format!("User {i:02}"),
        bio: (i % 3 == 0).then(|| format!("bio of {i}")),
        role: None,
        metadata: Some(json!({"n": i})),
        created_at: None,
    });
    let users = User::insert_many(users).returning().all(&*db).await.expect("users");
    let profiles =
        users.iter().map(|u| NewProfile { user_id: u.id, website: None, location: None, birthday: None });
    Profile::insert_many(profiles).execute(&*db).await.expect("profiles");
    for (user, posts) in [(7, 3), (8, 1)] {
        let author =
            users.iter().find(|u| u.email == format!("user{user:02}@example.com")).expect("the author");
        let posts = (0..posts).map(|p| NewPost {
            author_id: author.id,
            slug: format!("post-{user}-{p}"),
            title: format!("Post {p} of user {user}"),
            body: "text".into(),
            published: Some(true),
            created_at: None,
        });
        Post::insert_many(posts).execute(&*db).await.expect("posts");
    }
    db
}

/// Starts a studio for the blog on a free port; returns the URL with its token.
pub async fn start_studio(db: &TestDb, write: bool) -> String {
    start_studio_for(db, schema(), write).await
}

/// Starts a studio for `schema` on a free port; returns the URL with its token.
pub async fn start_studio_for(db: &TestDb, schema: orm::Schema, write: bool) -> String {
    let options = StudioOptions { host: "127.0.0.1".into(), port: 0, write };
    let studio = Studio::bind(schema, db.db().clone(), options).await.expect("the studio binds");
    let url = studio.url();
    tokio::spawn(studio.serve());
    url
}

/// The origin (`http://127.0.0.1:port`) of a studio URL.
pub fn origin(url: &str) -> &str {
    &url[..url.find("/?").expect("a studio URL")]
}

/// A chromedriver process and its browser session. Dropped (even by a failing test),
/// it ends the session, which makes chromedriver close Chromium, then stops
/// chromedriver: killing chromedriver alone would leave Chromium running.
pub struct Driver {
    process: Child,
    port: u16,
    session: Option<String>,
}

impl Drop for Driver {
    fn drop(&mut self) {
        if let Some(session) = &self.session {
            end_session(self.port, session);
        }
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// `DELETE /session/{id}` to chromedriver, blocking (it runs in `drop`).
fn end_session(port: u16, session: &str) {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else { return };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let request = format!(
        "DELETE /session/{session} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
    );
    if stream.write_all(request.as_bytes()).is_ok() {
        let _ = stream.read_to_end(&mut Vec::new());
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("its address").port()
}

/// A headless Chromium session (and the chromedriver behind it).
pub struct Browser {
    pub client: Client,
    _driver: Driver,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium. Fails with one line saying what to
    /// install when either is missing.
    pub async fn start() -> Browser {
        let port = free_port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver is not installed: apt-get install chromium chromium-driver");
        let mut driver = Driver { process: child, port, session: None };
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start listening within 20 s");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({"args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,900"]}),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a Chromium session through chromedriver (is chromium installed?)");
        driver.session = client.session_id().await.expect("the session's id");
        Browser { client, _driver: driver }
    }

    /// Opens `url` and waits for the page.
    pub async fn open(&self, url: &str) {
        self.client.goto(url).await.expect("the page opens");
    }

    /// Clicks `css` and waits until the next page has loaded (even when its URL is the same).
    pub async fn click_and_load(&self, css: &str) {
        self.client.execute("window.__old_page = true;", vec![]).await.expect("marks the page");
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .click()
            .await
            .expect("click");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let loaded = self
                .client
                .execute(
                    "return window.__old_page === undefined && document.readyState === 'complete';",
                    vec![],
                )
                .await
                .expect("asks the page");
            if loaded == json!(true) {
                return;
            }
            assert!(Instant::now() < deadline, "no new page after clicking {css}");
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
    }

    /// The texts of every element matching `css`.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut out = Vec::new();
        for element in self.client.find_all(Locator::Css(css)).await.expect("find") {
            out.push(element.text().await.expect("text"));
        }
        out
    }

    /// The text of the one element matching `css`.
    pub async fn text(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .text()
            .await
            .expect("text")
    }

    /// The page's whole text.
    pub async fn body(&self) -> String {
        self.text("body").await
    }

    /// Types `value` into the field named `name`, replacing what it held.
    pub async fn fill(&self, name: &str, value: &str) {
        let field = self.client.find(Locator::Css(&format!("[name='{name}']"))).await.expect("the field");
        field.clear().await.expect("clear");
        field.send_keys(value).await.expect("type");
    }

    /// Picks `value` in the select named `name`.
    pub async fn choose(&self, name: &str, value: &str) {
        let select =
            self.client.find(Locator::Css(&format!("select[name='{name}']"))).await.expect("the select");
        select.select_by_value(value).await.expect("choose");
    }
}
