//! A counting TCP proxy on 127.0.0.1 (used only outside the timed runs): it forwards bytes
//! both ways unchanged and counts **client turns**, the way orm's own
//! `TestDb::counting_round_trips` proxy does (orm-core/src/testing/round_trips.rs): a round
//! trip is a stretch of client -> server sends that the server then answers, i.e. one
//! transition from "client sending" to "server replying" on a connection. Messages a client
//! sends together without waiting in between (orm's deferred `BEGIN` travelling with the
//! transaction's first statement, or any pipeline) therefore count once, however many `Sync`
//! or simple `Query` messages they hold.
//!
//! It also parses the client -> server protocol stream, to count `Parse` (statement
//! preparations) and statements (`Execute` and simple `Query` messages). A turn of only
//! `Sync` (sqlx's ping) is a round trip; a turn of only `Close` + `Sync` is not counted as a round trip but in `close_batches`: tokio-postgres sends
//! one when an uncached prepared statement is dropped and does not wait for the reply (when it
//! travels with the next request, that turn counts as usual).

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};

#[derive(Default, Debug)]
pub struct Counters {
    pub turns: AtomicU64,
    pub statements: AtomicU64,
    pub parse: AtomicU64,
    pub close_batches: AtomicU64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Client turns the server answered: times the client sent and then waited.
    pub round_trips: u64,
    /// Execute + simple Query messages.
    pub statements: u64,
    /// Parse messages (0 when every statement came from a cache).
    pub parses: u64,
    /// Turns of only Close + Sync, not waited on (statement deallocation, fire and forget).
    pub close_batches: u64,
}

impl Counters {
    pub fn reset(&self) {
        for c in [&self.turns, &self.statements, &self.parse, &self.close_batches] {
            c.store(0, Relaxed);
        }
    }
    pub fn read(&self) -> Counts {
        Counts {
            round_trips: self.turns.load(Relaxed),
            statements: self.statements.load(Relaxed),
            parses: self.parse.load(Relaxed),
            close_batches: self.close_batches.load(Relaxed),
        }
    }
}

/// Where one connection's conversation stands.
#[derive(Default)]
struct Turn {
    /// The client has sent since the server last answered.
    client_sending: bool,
    /// The current client turn holds a Close.
    has_close: bool,
    /// The current client turn holds a message other than Close / Sync.
    has_other: bool,
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
            let (cr, cw) = client.into_split();
            let (sr, sw) = server.into_split();
            let turn = Arc::new(Mutex::new(Turn::default()));
            tokio::spawn(server_to_client(sr, cw, turn.clone(), c.clone()));
            tokio::spawn(client_to_server(cr, sw, turn, c.clone()));
        }
    });
    (port, counters)
}

/// Server bytes: the first after a client turn close that turn (one round trip).
async fn server_to_client(
    mut from: OwnedReadHalf,
    mut to: OwnedWriteHalf,
    turn: Arc<Mutex<Turn>>,
    counters: Arc<Counters>,
) {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        // Counted before forwarding, so the count is complete once the client has the answer.
        {
            let mut t = turn.lock().unwrap();
            if t.client_sending {
                if t.has_close && !t.has_other {
                    counters.close_batches.fetch_add(1, Relaxed);
                } else {
                    counters.turns.fetch_add(1, Relaxed);
                }
                *t = Turn::default();
            }
        }
        if to.write_all(&buf[..n]).await.is_err() {
            break;
        }
    }
    let _ = to.shutdown().await;
}

/// Client bytes: parsed for Parse / Execute / Query / Close, and mark a turn in progress.
async fn client_to_server(
    mut from: OwnedReadHalf,
    mut to: OwnedWriteHalf,
    turn: Arc<Mutex<Turn>>,
    counters: Arc<Counters>,
) {
    let mut pending: Vec<u8> = Vec::new();
    let mut startup = true;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        pending.extend_from_slice(&buf[..n]);
        let (mut close, mut other) = (false, false);
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
                other = true;
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
                    b'S' => {}
                    b'C' => close = true,
                    b'Q' | b'E' => {
                        counters.statements.fetch_add(1, Relaxed);
                        other = true;
                    }
                    b'P' => {
                        counters.parse.fetch_add(1, Relaxed);
                        other = true;
                    }
                    _ => other = true,
                }
                at += 1 + len;
            }
        }
        pending.drain(..at);
        // Marked before forwarding, so the server's answer always finds the turn open (a
        // message split across reads counts as "other" from its first bytes).
        {
            let mut t = turn.lock().unwrap();
            t.client_sending = true;
            t.has_close |= close;
            t.has_other |= other || !pending.is_empty();
        }
        if to.write_all(&buf[..n]).await.is_err() {
            break;
        }
    }
    let _ = to.shutdown().await;
}
