//! `RoundTrips`: a TCP proxy between a pool and the server that counts round trips.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};

/// Round trips to the server, counted by a proxy that
/// [`TestDb::counting_round_trips`](super::TestDb::counting_round_trips) starts: the
/// times the client sent something after the server had answered. Statements sent
/// together (a [`pipeline`](crate::Executor::pipeline)) count once; the handshake of a
/// new connection counts too, so check out the connection before counting.
#[derive(Clone, Debug, Default)]
pub struct RoundTrips {
    count: Arc<AtomicU64>,
    /// The last bytes went from the server to the client.
    answered: Arc<AtomicBool>,
}

impl RoundTrips {
    /// Round trips since the last call (or since the proxy started).
    pub fn take(&self) -> u64 {
        self.count.swap(0, Ordering::SeqCst)
    }

    /// Listens on a loopback port and forwards every connection to `upstream` (host,
    /// port); returns the port. [`TestDb::counting_round_trips`](super::TestDb::counting_round_trips)
    /// starts one in front of the test server; a test can put one in front of anything
    /// else that speaks to PostgreSQL clients (a connection pooler).
    pub async fn start(upstream: (String, u16)) -> std::io::Result<(u16, RoundTrips)> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let port = listener.local_addr()?.port();
        let trips = RoundTrips::default();
        let counting = trips.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let Ok(server) = TcpStream::connect((upstream.0.as_str(), upstream.1)).await else {
                    continue;
                };
                let _ = (client.set_nodelay(true), server.set_nodelay(true));
                let (client_read, client_write) = client.into_split();
                let (server_read, server_write) = server.into_split();
                tokio::spawn(counting.clone().forward(client_read, server_write, true));
                tokio::spawn(counting.clone().forward(server_read, client_write, false));
            }
        });
        Ok((port, trips))
    }

    async fn forward(self, mut from: OwnedReadHalf, mut to: OwnedWriteHalf, from_client: bool) {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match from.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            // Counted before forwarding, so the count is complete once the answer arrives.
            if !from_client {
                self.answered.store(true, Ordering::SeqCst);
            } else if self.answered.swap(false, Ordering::SeqCst) {
                self.count.fetch_add(1, Ordering::SeqCst);
            }
            if to.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
        let _ = to.shutdown().await;
    }
}
