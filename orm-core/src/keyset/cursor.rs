//! `Cursor`: where the next page starts, as an opaque, signed, URL-safe string.

use std::fmt;
use std::str::FromStr;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::key::{CursorKey, TAG_LEN};
use super::value::KeyValue;
use crate::error::{Error, Result};

/// The first byte of every cursor: the layout below.
const VERSION: u8 = 1;

/// Where the next page of a keyset-paged select starts: the order-column values and
/// primary key of the last row of a page, signed (HMAC-SHA256) together with the
/// query's ORDER BY, in URL-safe base64.
///
/// Hand it to a client as a string (`Display`, serde) and take it back with
/// [`FromStr`] (or serde); [`Select::after`](crate::query::Select::after) continues
/// from it. A cursor that was changed, cut short, made for another ORDER BY or signed
/// with another key is refused with [`Error::InvalidCursor`] before anything is sent.
///
/// Cursors are signed with the pool's key ([`DbBuilder::cursor_key`](crate::DbBuilder::cursor_key)):
/// without one, each pool draws a random key, so cursors do not outlive the process.
/// The values inside are signed, not encrypted: do not order by a secret column.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Cursor {
    /// Version, value count and values, as signed.
    payload: Box<[u8]>,
    tag: [u8; TAG_LEN],
    /// The values `payload` holds, in order-term order; `None` for NULL.
    values: Vec<Option<KeyValue>>,
}

impl Cursor {
    /// Signs the values of the last row of a page, for the ORDER BY `shape`.
    pub(crate) fn issue(key: &CursorKey, shape: &str, values: Vec<Option<KeyValue>>) -> Cursor {
        let mut payload = vec![VERSION];
        push_varint(&mut payload, values.len() as u64);
        for value in &values {
            match value {
                None => payload.push(0),
                Some(value) => {
                    push_varint(&mut payload, value.bytes.len() as u64 + 1);
                    push_varint(&mut payload, u64::from(value.oid));
                    payload.extend_from_slice(&value.bytes);
                }
            }
        }
        let tag = key.tag(shape, &payload);
        Cursor { payload: payload.into_boxed_slice(), tag, values }
    }

    /// The values, once checked against `key` and the ORDER BY `shape` of the query.
    pub(crate) fn verify(&self, key: &CursorKey, shape: &str) -> Result<&[Option<KeyValue>]> {
        if key.verify(shape, &self.payload, &self.tag) { Ok(&self.values) } else { Err(Error::InvalidCursor) }
    }

    /// The values as the cursor says, not yet checked: only for writing SQL text.
    pub(crate) fn unchecked_values(&self) -> &[Option<KeyValue>] {
        &self.values
    }
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut bytes = Vec::with_capacity(self.payload.len() + TAG_LEN);
        bytes.extend_from_slice(&self.payload);
        bytes.extend_from_slice(&self.tag);
        f.write_str(&URL_SAFE_NO_PAD.encode(bytes))
    }
}

impl fmt::Debug for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Cursor({self})")
    }
}

impl FromStr for Cursor {
    type Err = Error;

    /// Reads a cursor's string form: [`Error::InvalidCursor`] unless it is one.
    /// Whether it belongs to the query is checked when the page is read.
    fn from_str(text: &str) -> Result<Cursor> {
        let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| Error::InvalidCursor)?;
        let split = bytes.len().checked_sub(TAG_LEN).ok_or(Error::InvalidCursor)?;
        let (payload, tag) = bytes.split_at(split);
        let values = parse_payload(payload).ok_or(Error::InvalidCursor)?;
        Ok(Cursor { payload: payload.into(), tag: tag.try_into().expect("split off TAG_LEN bytes"), values })
    }
}

impl serde::Serialize for Cursor {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Cursor {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Cursor, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The values of a payload, or `None` unless it is exactly a well-formed one.
fn parse_payload(payload: &[u8]) -> Option<Vec<Option<KeyValue>>> {
    let (&version, mut rest) = payload.split_first()?;
    if version != VERSION {
        return None;
    }
    let count = read_varint(&mut rest)?;
    let mut values = Vec::with_capacity(usize::try_from(count).ok()?.min(rest.len()));
    for _ in 0..count {
        let value = match read_varint(&mut rest)? {
            0 => None,
            len_plus_one => {
                let oid = u32::try_from(read_varint(&mut rest)?).ok()?;
                let len = usize::try_from(len_plus_one - 1).ok()?;
                if len > rest.len() {
                    return None;
                }
                let (bytes, tail) = rest.split_at(len);
                rest = tail;
                Some(KeyValue { oid, bytes: bytes.to_vec() })
            }
        };
        values.push(value);
    }
    rest.is_empty().then_some(values)
}

/// Appends `n` in LEB128 (seven bits a byte, low bits first).
fn push_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Reads a LEB128 number from the front of `input`.
fn read_varint(input: &mut &[u8]) -> Option<u64> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = input.split_first()?;
        *input = rest;
        n |= u64::from(byte & 0x7f).checked_shl(shift)?;
        if byte & 0x80 == 0 {
            return Some(n);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Cursor {
        let key = CursorKey::new(b"test key");
        let long = KeyValue { oid: 25, bytes: vec![b'x'; 300] };
        Cursor::issue(
            &key,
            "shape",
            vec![Some(KeyValue { oid: 1184, bytes: vec![1, 2, 3] }), None, Some(long)],
        )
    }

    #[test]
    fn the_string_form_reads_back_as_the_same_cursor() {
        let cursor = sample();
        let text = cursor.to_string();
        assert!(text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{text}");
        assert_eq!(text.parse::<Cursor>().unwrap(), cursor);
        let json = serde_json::to_string(&cursor).unwrap();
        assert_eq!(json, format!("\"{text}\""));
        assert_eq!(serde_json::from_str::<Cursor>(&json).unwrap(), cursor);
    }

    #[test]
    fn a_cut_short_or_padded_cursor_does_not_parse() {
        let text = sample().to_string();
        for len in 0..text.len() {
            assert!(text[..len].parse::<Cursor>().is_err(), "{len} of {} characters parsed", text.len());
        }
        assert!(format!("{text}AAAA").parse::<Cursor>().is_err());
        assert!(serde_json::from_str::<Cursor>("\"not a cursor\"").is_err());
    }

    #[test]
    fn varints_round_trip() {
        for n in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            let mut out = Vec::new();
            push_varint(&mut out, n);
            let mut input = out.as_slice();
            assert_eq!(read_varint(&mut input), Some(n));
            assert!(input.is_empty());
        }
    }
}
