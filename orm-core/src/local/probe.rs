//! Whether a PostgreSQL server answers at an address: one SSLRequest, no login.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::str::FromStr;
use std::time::Duration;

use tokio_postgres::config::Host;

/// How long a server may take to answer the probe.
const PATIENCE: Duration = Duration::from_millis(1500);

/// Whether a PostgreSQL server answers at the first TCP host and port of `url`: it
/// replies `S` or `N` to an SSLRequest, as only PostgreSQL (or a pooler) does. Nothing
/// is logged on the server and no password is sent.
pub(crate) fn answers(url: &str) -> bool {
    let Ok(config) = tokio_postgres::Config::from_str(url) else { return false };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let Some(Host::Tcp(host)) = config.get_hosts().first() else { return false };
    let Ok(addrs) = (host.as_str(), port).to_socket_addrs() else { return false };
    addrs.into_iter().any(|addr| {
        let Ok(mut stream) = TcpStream::connect_timeout(&addr, PATIENCE) else { return false };
        let _ = stream.set_read_timeout(Some(PATIENCE));
        // Length 8, then the SSLRequest code 1234.5679.
        let request = [0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f];
        let mut reply = [0u8; 1];
        stream.write_all(&request).is_ok()
            && stream.read_exact(&mut reply).is_ok()
            && matches!(reply[0], b'S' | b'N')
    })
}

/// Whether a login at `url` succeeds (within a few seconds): a server can answer and
/// still refuse this user (a password asked for, no `postgres` role).
pub(crate) fn logs_in(url: &str) -> bool {
    let url = url.to_owned();
    // A thread and runtime of its own: called from sync code and from inside a runtime.
    let attempt = std::thread::spawn(move || {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
            return false;
        };
        runtime.block_on(async {
            let login =
                tokio::time::timeout(PATIENCE * 4, tokio_postgres::connect(&url, tokio_postgres::NoTls));
            matches!(login.await, Ok(Ok(_)))
        })
    });
    attempt.join().unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::{Host, answers};

    #[test]
    fn a_postgresql_server_answers() {
        assert!(answers(&crate::testing::database_url()));
    }

    #[test]
    fn a_server_that_answers_but_refuses_the_login_is_told_apart() {
        let url = crate::testing::database_url();
        assert!(super::logs_in(&url));
        let config: tokio_postgres::Config = url.parse().expect("the test server's URL");
        let Some(Host::Tcp(host)) = config.get_hosts().first() else { panic!("a TCP test server") };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        let stranger = format!("postgres://no_such_role_here:wrong@{host}:{port}/postgres");
        assert!(answers(&stranger), "the server answers");
        assert!(!super::logs_in(&stranger), "but does not let an unknown role in");
    }

    #[test]
    fn a_closed_port_does_not() {
        assert!(!answers("postgres://postgres@127.0.0.1:1/postgres"));
    }

    #[test]
    fn another_kind_of_server_does_not() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        let port = listener.local_addr().expect("its address").port();
        let server = std::thread::spawn(move || {
            use std::io::Write;
            let (mut stream, _) = listener.accept().expect("the probe connects");
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\n");
        });
        assert!(!answers(&format!("postgres://postgres@127.0.0.1:{port}/postgres")));
        server.join().expect("the listener thread");
    }
}
