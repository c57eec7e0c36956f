//! The studio's web server: options, routes, start-up.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use orm_core::{Db, Schema};
use tokio::net::TcpListener;

use super::{auth, edit, pages, schema_page};

/// How to start the studio.
#[derive(Clone, Debug)]
pub struct StudioOptions {
    /// The address to listen on (default 127.0.0.1: this machine only).
    pub host: String,
    /// The port (default 4983; 0 picks a free one).
    pub port: u16,
    /// Allow editing and inserting rows (default: read-only).
    pub write: bool,
}

impl Default for StudioOptions {
    fn default() -> Self {
        StudioOptions { host: "127.0.0.1".to_owned(), port: 4983, write: false }
    }
}

/// What every request handler shares.
pub(crate) struct Inner {
    pub(crate) schema: Schema,
    pub(crate) db: Db,
    pub(crate) token: String,
    pub(crate) write: bool,
}

pub(crate) type Shared = Arc<Inner>;

/// A studio bound to its address, ready to serve.
///
/// ```no_run
/// # async fn demo(db: orm_core::Db, schema: orm_core::Schema) -> std::io::Result<()> {
/// use orm_migrate::studio::{Studio, StudioOptions};
///
/// let studio = Studio::bind(schema, db, StudioOptions::default()).await?;
/// println!("open {}", studio.url());
/// studio.serve().await
/// # }
/// ```
pub struct Studio {
    listener: TcpListener,
    shared: Shared,
}

impl Studio {
    /// Binds the address of `options` and makes a new random access token.
    pub async fn bind(schema: Schema, db: Db, options: StudioOptions) -> std::io::Result<Studio> {
        let listener = TcpListener::bind((options.host.as_str(), options.port)).await?;
        let shared = Arc::new(Inner { schema, db, token: auth::new_token(), write: options.write });
        Ok(Studio { listener, shared })
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// The URL to open, with the access token: requests without it are refused.
    pub fn url(&self) -> String {
        let address =
            self.listener.local_addr().map_or_else(|_| "127.0.0.1:4983".to_owned(), |a| a.to_string());
        format!("http://{address}/?token={}", self.shared.token)
    }

    /// Serves requests until the process ends.
    pub async fn serve(self) -> std::io::Result<()> {
        axum::serve(self.listener, router(self.shared)).await
    }
}

fn router(shared: Shared) -> Router {
    Router::new()
        .route("/", get(pages::index))
        .route("/tables/{table}", get(pages::table_view))
        .route("/tables/{table}/row", get(pages::row_view).post(edit::update_row))
        .route("/tables/{table}/new", get(edit::new_row_form).post(edit::insert_row))
        .route("/tables/{table}/schema", get(schema_page::schema_view))
        .layer(axum::middleware::from_fn_with_state(shared.clone(), auth::require_token))
        .with_state(shared)
}
