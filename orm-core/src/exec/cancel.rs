//! `Canceller`: cancel requests sent where the pool's connections go, over their TLS
//! settings, and held open until the server closes them, as libpq does.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_postgres::CancelToken;
use tokio_postgres::config::Host;
use tokio_postgres::tls::MakeTlsConnect;
use tokio_postgres_rustls::MakeRustlsConnect;

/// How a pool sends cancel requests (a per-call `.timeout(..)` that runs out).
#[derive(Clone)]
pub(crate) struct Canceller {
    tls: MakeRustlsConnect,
    /// The one TCP host and port the pool connects to; `None` for several hosts, a
    /// `hostaddr` or a Unix socket, where the driver's own cancel is used.
    target: Option<Arc<(String, u16)>>,
}

impl Canceller {
    /// Cancels through `tls`, to the host `config` names when it names one TCP host.
    pub(crate) fn new(tls: MakeRustlsConnect, config: &tokio_postgres::Config) -> Self {
        let target = match (config.get_hosts(), config.get_ports(), config.get_hostaddrs()) {
            ([Host::Tcp(host)], ports, []) if ports.len() <= 1 => {
                Some(Arc::new((host.clone(), ports.first().copied().unwrap_or(5432))))
            }
            _ => None,
        };
        Canceller { tls, target }
    }

    /// Cancels through `tls` with the driver's own request (a pool the application built).
    pub(crate) fn driver_only(tls: MakeRustlsConnect) -> Self {
        Canceller { tls, target: None }
    }

    /// Asks the server to cancel what the token's session is running. A cancel that
    /// cannot be sent is not an error of its own: the statement is then given up, as
    /// one the server did not answer.
    pub(crate) async fn cancel(&self, token: &CancelToken) {
        let sent = match &self.target {
            Some(target) => self.cancel_lingering(token, &target.0, target.1).await,
            None => token.cancel_query(self.tls.clone()).await.map_err(Into::into),
        };
        if let Err(err) = sent {
            tracing::debug!(error = %err, "the cancel request could not be sent");
        }
    }

    /// The request on a connection of our own that waits for the server to close it
    /// before closing its side. The driver closes at once, which PgBouncer 1.18 (Debian
    /// 12's) cannot take while it forwards the request: it stops with "bad client state".
    async fn cancel_lingering(
        &self,
        token: &CancelToken,
        host: &str,
        port: u16,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        let stream = Lingering(TcpStream::connect((host, port)).await?);
        let mut make = self.tls.clone();
        let tls = MakeTlsConnect::<Lingering>::make_tls_connect(&mut make, host)?;
        token.cancel_query_raw(stream, tls).await?;
        Ok(())
    }
}

/// A TCP stream whose shutdown first reads until the peer has closed its side.
struct Lingering(TcpStream);

impl AsyncRead for Lingering {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl AsyncWrite for Lingering {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, data: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, data)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        // The server sends nothing back and closes once it has handled the request.
        let mut scratch = [0u8; 64];
        loop {
            let mut buf = ReadBuf::new(&mut scratch);
            match ready!(Pin::new(&mut self.0).poll_read(cx, &mut buf)) {
                Ok(()) if buf.filled().is_empty() => break,
                Ok(()) => continue,
                Err(_) => break,
            }
        }
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
}
