//! A counting TCP proxy on 127.0.0.1 (used only outside the timed runs): it forwards bytes to
//! the server unchanged and parses the client -> server PostgreSQL protocol stream, counting
//! `Sync` and simple `Query` messages (each ends a request the client then waits on: a round
//! trip, as none of these clients pipelines within one task), `Parse` (statement preparations)
//! and `Execute` (statements executed through the extended protocol). A batch of only
//! `Close` + `Sync` is not counted as a round trip: tokio-postgres sends it when an uncached
//! prepared statement is dropped and does not wait for the reply (counted in `close_batches`).

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Default, Debug)]
pub struct Counters {
    pub sync: AtomicU64,
    pub simple_query: AtomicU64,
    pub parse: AtomicU64,
    pub execute: AtomicU64,
    pub close_batches: AtomicU64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Sync + simple Query messages.
    pub round_trips: u64,
    /// Execute + simple Query messages.
    pub statements: u64,
    /// Parse messages (0 when every statement came from a cache).
    pub parses: u64,
    /// Close+Sync batches not waited on (statement deallocation, fire and forget).
    pub close_batches: u64,
}

impl Counters {
    pub fn reset(&self) {
        for c in [&self.sync, &self.simple_query, &self.parse, &self.execute, &self.close_batches] {
            c.store(0, Relaxed);
        }
    }
    pub fn read(&self) -> Counts {
        let q = self.simple_query.load(Relaxed);
        Counts {
            round_trips: self.sync.load(Relaxed) + q,
            statements: self.execute.load(Relaxed) + q,
            parses: self.parse.load(Relaxed),
            close_batches: self.close_batches.load(Relaxed),
        }
    }
}

/// Start the proxy; returns the local port and the shared counters.
pub async fn start(upstream: (String, u16)) -> (u16, Arc<Counters>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
    let port = listener.local_addr().expect("addr").port();
    let counters = Arc::new(Counters::default());
    let c = counters.clone();
    tokio::spawn(async move {
        loop {
            let Ok((client, _)) = listener.accept().await else { return };
            let server = TcpStream::connect((upstream.0.as_str(), upstream.1)).await.expect("proxy upstream");
            let _ = client.set_nodelay(true);
            let _ = server.set_nodelay(true);
            tokio::spawn(pipe(client, server, c.clone()));
        }
    });
    (port, counters)
}

async fn pipe(client: TcpStream, server: TcpStream, counters: Arc<Counters>) {
    let (mut cr, mut cw) = client.into_split();
    let (mut sr, mut sw) = server.into_split();
    tokio::spawn(async move {
        let _ = tokio::io::copy(&mut sr, &mut cw).await;
    });
    let mut pending: Vec<u8> = Vec::new();
    let mut startup = true;
    // Messages since the last Sync: (any Close, anything else).
    let (mut batch_close, mut batch_other) = (false, false);
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match cr.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        // Count before forwarding, so counts are complete once the reply arrives.
        pending.extend_from_slice(&buf[..n]);
        let mut at = 0;
        loop {
            if startup {
                // Untyped messages: int32 length (self-inclusive), int32 code, ...
                if pending.len() - at < 8 {
                    break;
                }
                let len = u32::from_be_bytes(pending[at..at + 4].try_into().unwrap()) as usize;
                if pending.len() - at < len {
                    break;
                }
                let code = u32::from_be_bytes(pending[at + 4..at + 8].try_into().unwrap());
                // SSLRequest / GSSENCRequest are followed by another untyped startup message.
                if code != 80_877_103 && code != 80_877_104 {
                    startup = false;
                }
                at += len;
            } else {
                if pending.len() - at < 5 {
                    break;
                }
                let tag = pending[at];
                let len = u32::from_be_bytes(pending[at + 1..at + 5].try_into().unwrap()) as usize;
                if pending.len() - at < 1 + len {
                    break;
                }
                match tag {
                    b'S' => {
                        if batch_close && !batch_other {
                            counters.close_batches.fetch_add(1, Relaxed);
                        } else {
                            counters.sync.fetch_add(1, Relaxed);
                        }
                        (batch_close, batch_other) = (false, false);
                    }
                    b'C' => batch_close = true,
                    b'Q' => {
                        counters.simple_query.fetch_add(1, Relaxed);
                    }
                    b'P' => {
                        counters.parse.fetch_add(1, Relaxed);
                        batch_other = true;
                    }
                    b'E' => {
                        counters.execute.fetch_add(1, Relaxed);
                        batch_other = true;
                    }
                    _ => batch_other = true,
                }
                at += 1 + len;
            }
        }
        pending.drain(..at);
        if sw.write_all(&buf[..n]).await.is_err() {
            break;
        }
    }
    let _ = sw.shutdown().await;
}
