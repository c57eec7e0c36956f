//! A REST service over the blog with axum: `Db` in the router's state, migrations at
//! start-up, JSON in and out, `orm::Error` mapped to HTTP statuses, graceful shutdown.
//!
//! ```sh
//! docker compose up -d                    # or any PostgreSQL 15+; see the README
//! cargo run --example seed                # optional: ~11,000 rows to browse
//! cargo run --example axum_service        # listens on ADDR (default 127.0.0.1:3000)
//! ```
//!
//! ```sh
//! curl -s 'localhost:3000/users?page=1&per_page=5&q=ada'          # {"users": [..], "page", "per_page", "total"}
//! curl -s localhost:3000/users/<id>                                # the user, profile, posts with their comments
//! curl -si localhost:3000/users -H 'content-type: application/json' \
//!      -d '{"email": "ada@example.com", "name": "Ada", "role": "admin"}'    # 201; again: 409; "role": "boss" → 422
//! curl -si -X PATCH localhost:3000/users/<id> -H 'content-type: application/json' \
//!      -d '{"bio": "Analyst"}'                                     # 200; {} → 422; "name": "" → 422
//! curl -si localhost:3000/users/<id>/posts -H 'content-type: application/json' \
//!      -d '{"slug": "notes", "title": "Notes", "body": "On the engine"}'   # 201; unknown user → 422
//! curl -si -X DELETE localhost:3000/users/<id>                     # 204, then 404
//! curl -s localhost:3000/health       # {"status": "ok", "ping_ms", "pool": {..}}; 503 when the database is down
//! ```
//!
//! Statuses: NotFound → 404, UniqueViolation → 409, a body that fails validation,
//! ForeignKeyViolation, CheckViolation, NotNullViolation and an empty patch → 422,
//! PoolTimeout → 503, anything else → 500 with a generic body (the full error goes to
//! the log). Every error body is `{"error": "..."}`, without SQL or the server's
//! DETAIL; a validation failure adds `"fields": [{"field", "code", "message"}, ..]`,
//! every invalid field of the body, found before any round trip.
//!
//! Settings: `DATABASE_URL` (else the local server at 127.0.0.1:5432, else a private
//! PostgreSQL started from the installed programs: `orm::local::find_database`),
//! `ADDR` (default `127.0.0.1:3000`). Ctrl-C (or SIGTERM) stops accepting connections
//! and lets the requests in flight finish.

// The schema is written as an application's library would write it: `pub`.
#[allow(unreachable_pub)]
mod app;
#[allow(unreachable_pub, dead_code)]
#[path = "../blog/schema.rs"]
mod blog;

use std::process::ExitCode;
use std::time::Duration;

/// The address listened on when `ADDR` is not set.
const DEFAULT_ADDR: &str = "127.0.0.1:3000";

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> ExitCode {
    let stderr = std::io::stderr();
    let ansi = std::io::IsTerminal::is_terminal(&stderr);
    tracing_subscriber::fmt().with_writer(std::io::stderr).with_ansi(ansi).with_target(false).init();
    match serve().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("axum_service: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn serve() -> Result<(), BoxError> {
    let found = tokio::task::spawn_blocking(orm::local::find_database).await??;
    tracing::info!("{found}");
    let addr = std::env::var("ADDR").unwrap_or_else(|_| DEFAULT_ADDR.to_owned());
    let db = found
        .builder()
        .create_timeout(Some(Duration::from_secs(5)))
        // Connections are renewed every half hour, and a quiet service keeps one warm.
        .max_lifetime(Duration::from_secs(30 * 60))
        .idle_timeout(Duration::from_secs(10 * 60))
        .min_idle(1)
        .connect()
        .await
        .map_err(|err| format!("{err}. Point DATABASE_URL at a running server, or unset it to use the local or a private one."))?;
    // The runner logs each migration it applies (tracing, INFO).
    orm_migrate::embed_migrations!("migrations").run(&db).await?;

    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .map_err(|err| format!("cannot listen on ADDR={addr}: {err}"))?;
    tracing::info!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app::router(db)).with_graceful_shutdown(shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on Ctrl-C, or on SIGTERM where there is one (what `docker stop` sends).
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!("cannot listen for Ctrl-C: {err}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!("cannot listen for SIGTERM: {err}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down: finishing the requests in flight");
}
