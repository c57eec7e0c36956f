//! `KeyType`: column types that can join a relation (integers, text, uuid, dates),
//! and `Key`, their value as a hashable map key.

use chrono::NaiveDate;
use postgres_types::ToSql;
use uuid::Uuid;

use super::ColumnType;
use crate::error::{Error, Result};

/// A relation key value, for grouping loaded rows by the row they belong to.
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    /// Any integer column.
    Int(i64),
    /// A text column.
    Text(String),
    /// A uuid column.
    Uuid(Uuid),
    /// A date column.
    Date(NaiveDate),
}

/// A column type that can link two tables in a relation: `i16`, `i32`, `i64`,
/// `String`, `Uuid`, `NaiveDate`, and `Option`s of them.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a relation key",
    note = "relations link columns of type i16, i32, i64, String, Uuid or NaiveDate (or Option of them)"
)]
pub trait KeyType: ColumnType {
    /// Whether a row always has a related row (`Required`) or may not (`Optional`):
    /// a belongs_to through an `Option` foreign key yields `Option<T>`.
    type Presence: Presence;

    /// The key, or `None` for NULL.
    #[doc(hidden)]
    fn key(&self) -> Option<Key>;

    /// The keys as one array parameter of the column's base type, for `= ANY($1)`.
    #[doc(hidden)]
    fn key_array(keys: &[&Key]) -> Box<dyn ToSql + Send + Sync>;
}

/// Whether a related row must exist: [`Required`] or [`Optional`].
pub trait Presence: Send + Sync + 'static {}

/// Wraps the related row of type `T` found for one parent: `T` or `Option<T>`.
pub trait Wrap<T>: Presence {
    /// `T` or `Option<T>`.
    type Out: Send;

    /// The related row found for one parent.
    #[doc(hidden)]
    fn wrap(found: Option<T>, table: &'static str) -> Result<Self::Out>;
}

/// A non-null foreign key: the related row exists.
#[derive(Debug, Clone, Copy)]
pub struct Required;

/// A nullable foreign key: the related row may not exist.
#[derive(Debug, Clone, Copy)]
pub struct Optional;

impl Presence for Required {}
impl Presence for Optional {}

impl<T: Send> Wrap<T> for Required {
    type Out = T;

    fn wrap(found: Option<T>, table: &'static str) -> Result<T> {
        found.ok_or(Error::RelatedRowMissing { table })
    }
}

impl<T: Send> Wrap<T> for Optional {
    type Out = Option<T>;

    fn wrap(found: Option<T>, _table: &'static str) -> Result<Option<T>> {
        Ok(found)
    }
}

macro_rules! key_type {
    ($($ty:ty => $variant:ident($to:expr, $from:expr)),* $(,)?) => {$(
        impl KeyType for $ty {
            type Presence = Required;

            fn key(&self) -> Option<Key> {
                let to: fn(&$ty) -> Key = $to;
                Some(to(self))
            }

            fn key_array(keys: &[&Key]) -> Box<dyn ToSql + Send + Sync> {
                let from: fn(&Key) -> Option<$ty> = $from;
                Box::new(keys.iter().copied().filter_map(from).collect::<Vec<$ty>>())
            }
        }

        impl KeyType for Option<$ty> {
            type Presence = Optional;

            fn key(&self) -> Option<Key> {
                self.as_ref().and_then(KeyType::key)
            }

            fn key_array(keys: &[&Key]) -> Box<dyn ToSql + Send + Sync> {
                <$ty as KeyType>::key_array(keys)
            }
        }
    )*};
}

key_type! {
    i16 => Int(|v| Key::Int(i64::from(*v)), |k| match k { Key::Int(v) => i16::try_from(*v).ok(), _ => None }),
    i32 => Int(|v| Key::Int(i64::from(*v)), |k| match k { Key::Int(v) => i32::try_from(*v).ok(), _ => None }),
    i64 => Int(|v| Key::Int(*v), |k| match k { Key::Int(v) => Some(*v), _ => None }),
    String => Text(|v| Key::Text(v.clone()), |k| match k { Key::Text(v) => Some(v.clone()), _ => None }),
    Uuid => Uuid(|v| Key::Uuid(*v), |k| match k { Key::Uuid(v) => Some(*v), _ => None }),
    NaiveDate => Date(|v| Key::Date(*v), |k| match k { Key::Date(v) => Some(*v), _ => None }),
}
