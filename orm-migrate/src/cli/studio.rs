//! `studio`: starts the local web page (orm-migrate's `studio` feature).

use super::args::Args;
use super::{Failure, Output};
use orm_core::Schema;

/// Starts the studio and serves until the process is stopped.
#[cfg(feature = "studio")]
pub(crate) async fn studio(schema: &Schema, args: &Args, io: &mut Output<'_>) -> Result<u8, Failure> {
    use crate::studio::{Studio, StudioOptions};

    let mut options = StudioOptions { write: args.write, ..StudioOptions::default() };
    if let Some(port) = &args.port {
        options.port =
            port.parse().map_err(|_| Failure::usage(format!("--port: {port:?} is not a port number")))?;
    }
    if let Some(host) = &args.host {
        options.host = host.clone();
    }
    let db = super::commands::connect(args, io).await?;
    let studio = Studio::bind(schema.clone(), db, options.clone())
        .await
        .map_err(|e| Failure::new(format!("cannot listen on {}:{}: {e}", options.host, options.port)))?;
    let _ = writeln!(
        io.out,
        "orm studio ({}): {}",
        if options.write { "editing allowed" } else { "read-only" },
        studio.url()
    );
    let _ = io.out.flush();
    studio.serve().await.map_err(|e| Failure::new(format!("the studio stopped: {e}")))?;
    Ok(super::EXIT_OK)
}

/// Without the feature: says how to get it.
#[cfg(not(feature = "studio"))]
pub(crate) async fn studio(_: &Schema, _: &Args, _: &mut Output<'_>) -> Result<u8, Failure> {
    Err(Failure::usage(
        "this program was built without orm-migrate's `studio` feature: add `features = [\"studio\"]` to its orm-migrate dependency",
    ))
}
