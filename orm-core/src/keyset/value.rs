//! `KeyValue`: one order-column value of a row, kept in PostgreSQL's binary format so
//! that it binds back exactly as the server sent it, whatever the column type.

use std::error::Error as StdError;

use bytes::BytesMut;
use postgres_types::{FromSql, IsNull, ToSql, Type, to_sql_checked};

/// A non-NULL value as the server encoded it (binary format), with its type's OID.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct KeyValue {
    pub(crate) oid: u32,
    pub(crate) bytes: Vec<u8>,
}

impl<'a> FromSql<'a> for KeyValue {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn StdError + Sync + Send>> {
        Ok(KeyValue { oid: ty.oid(), bytes: raw.to_vec() })
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

impl ToSql for KeyValue {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, Box<dyn StdError + Sync + Send>> {
        if ty.oid() != self.oid {
            return Err(format!(
                "the page cursor holds a value of type oid {} where the query now expects `{ty}`: the column's type changed since the cursor was made; ask for the first page again",
                self.oid
            )
            .into());
        }
        out.extend_from_slice(&self.bytes);
        Ok(IsNull::No)
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}
