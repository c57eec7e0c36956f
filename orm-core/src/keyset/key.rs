//! `CursorKey`: the HMAC-SHA256 key that signs and checks page cursors.

use std::fmt;
use std::sync::Arc;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// Bytes of HMAC-SHA256 kept in a cursor: 128 bits, half the full tag (RFC 2104 §5).
pub(crate) const TAG_LEN: usize = 16;

/// Separates cursor tags from any other use of the same key.
const DOMAIN: &[u8] = b"orm keyset cursor v1\0";

/// The key of a pool that signs page cursors: set with `DbBuilder::cursor_key`, else
/// random per pool. Cheap to clone (shared). Not a public API.
#[derive(Clone)]
pub struct CursorKey(Arc<Hmac<Sha256>>);

impl CursorKey {
    /// A key from the application's secret.
    pub(crate) fn new(secret: &[u8]) -> Self {
        let mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes a key of any length");
        CursorKey(Arc::new(mac))
    }

    /// A random key: cursors signed with it are refused by any other pool, and after a restart.
    pub(crate) fn random() -> Self {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).expect("the operating system's random number generator is available");
        CursorKey::new(&secret)
    }

    /// The tag of a cursor's `payload` for the order `shape` it was made for.
    pub(crate) fn tag(&self, shape: &str, payload: &[u8]) -> [u8; TAG_LEN] {
        let full = self.mac(shape, payload).finalize().into_bytes();
        let mut tag = [0u8; TAG_LEN];
        tag.copy_from_slice(&full[..TAG_LEN]);
        tag
    }

    /// Whether `tag` is this key's tag of `payload` for `shape` (in constant time).
    pub(crate) fn verify(&self, shape: &str, payload: &[u8], tag: &[u8; TAG_LEN]) -> bool {
        self.mac(shape, payload).verify_truncated_left(tag).is_ok()
    }

    fn mac(&self, shape: &str, payload: &[u8]) -> Hmac<Sha256> {
        let mut mac = (*self.0).clone();
        mac.update(DOMAIN);
        // Length-prefixed, so that no shape/payload split reads as another.
        mac.update(&(shape.len() as u64).to_be_bytes());
        mac.update(shape.as_bytes());
        mac.update(payload);
        mac
    }
}

impl fmt::Debug for CursorKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CursorKey(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_depends_on_key_shape_and_payload() {
        let key = CursorKey::new(b"0123456789abcdef0123456789abcdef");
        let tag = key.tag("ORDER BY a", b"payload");
        assert!(key.verify("ORDER BY a", b"payload", &tag));
        assert!(!key.verify("ORDER BY b", b"payload", &tag));
        assert!(!key.verify("ORDER BY a", b"payloae", &tag));
        assert!(!CursorKey::random().verify("ORDER BY a", b"payload", &tag));
        assert!(!CursorKey::random().verify(
            "ORDER BY a",
            b"payload",
            &CursorKey::random().tag("ORDER BY a", b"payload")
        ));
    }
}
