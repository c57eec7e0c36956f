//! Row decoding by position: `FromRow` and the `decode` helper, with typed errors instead of panics.

use postgres_types::{FromSql, FromSqlOwned, Type};
use tokio_postgres::Row;

use crate::error::{Error, Result};

/// A type decoded from consecutive columns of a row, by position (no name lookups).
pub trait FromRow: Sized {
    /// How many columns the type reads.
    const WIDTH: usize;

    /// Decodes the value from columns `start..start + WIDTH`.
    fn from_row_at(row: &Row, start: usize) -> Result<Self>;

    /// Checks the names of a raw result's columns (a derived table compares them with
    /// its own); the count is checked by [`check_shape`].
    #[doc(hidden)]
    fn check_names(_columns: &[tokio_postgres::Column]) -> Result<()> {
        Ok(())
    }
}

/// Checks that a raw SQL result has the columns `T` decodes, so that two columns of
/// one type can never be swapped silently: their number, and for tables their names.
pub(crate) fn check_shape<T: FromRow>(row: &Row) -> Result<()> {
    let columns = row.columns();
    if columns.len() != T::WIDTH {
        return Err(Error::ResultShape {
            target: std::any::type_name::<T>(),
            expected: format!("{} columns", T::WIDTH),
            found: format!("{} columns", columns.len()),
        });
    }
    T::check_names(columns)
}

/// Decodes column `index` into `V`; NULL into a non-`Option`, or a type mismatch, is [`Error::Decode`].
#[inline]
pub fn decode<V: FromSqlOwned>(row: &Row, index: usize) -> Result<V> {
    match row.try_get::<_, V>(index) {
        Ok(value) => Ok(value),
        Err(source) => Err(decode_error::<V>(row, index, source)),
    }
}

/// The [`Error::Decode`] for column `index`: kept out of line, so that the decoding
/// of every column stays small.
#[cold]
#[inline(never)]
fn decode_error<V: FromSqlOwned>(row: &Row, index: usize, source: tokio_postgres::Error) -> Error {
    let column = row.columns().get(index);
    // A type mismatch is reported as such even when the value is NULL.
    let fits = column.is_some_and(|c| <V as FromSql>::accepts(c.type_()));
    let is_null = fits && matches!(row.try_get::<_, Option<AnyValue>>(index), Ok(None));
    Error::Decode {
        column: column.map_or_else(|| format!("#{index}"), |c| c.name().to_owned()),
        expected: std::any::type_name::<V>(),
        found: match column {
            Some(_) if is_null => "NULL".to_owned(),
            Some(c) => c.type_().to_string(),
            None => "no such column".to_owned(),
        },
        cause: Box::new(source),
    }
}

/// Accepts any value without reading it: tells NULL apart on the error path.
struct AnyValue;

impl<'a> FromSql<'a> for AnyValue {
    fn from_sql(
        _: &Type,
        _: &'a [u8],
    ) -> std::result::Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(AnyValue)
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

impl<V: crate::types::ColumnType> FromRow for V {
    const WIDTH: usize = 1;

    fn from_row_at(row: &Row, start: usize) -> Result<Self> {
        decode(row, start)
    }
}

macro_rules! from_row_tuple {
    ($($name:ident),+) => {
        impl<$($name: FromRow),+> FromRow for ($($name,)+) {
            const WIDTH: usize = 0 $(+ $name::WIDTH)+;

            #[allow(non_snake_case, unused_assignments)]
            fn from_row_at(row: &Row, start: usize) -> Result<Self> {
                let mut at = start;
                $(
                    let $name = $name::from_row_at(row, at)?;
                    at += $name::WIDTH;
                )+
                Ok(($($name,)+))
            }
        }
    };
}

from_row_tuple!(A);
from_row_tuple!(A, B);
from_row_tuple!(A, B, C);
from_row_tuple!(A, B, C, D);
from_row_tuple!(A, B, C, D, E);
from_row_tuple!(A, B, C, D, E, F);
from_row_tuple!(A, B, C, D, E, F, G);
from_row_tuple!(A, B, C, D, E, F, G, H);
from_row_tuple!(A, B, C, D, E, F, G, H, I);
from_row_tuple!(A, B, C, D, E, F, G, H, I, J);
from_row_tuple!(A, B, C, D, E, F, G, H, I, J, K);
from_row_tuple!(A, B, C, D, E, F, G, H, I, J, K, L);
