//! Relations declared on tables (`#[has_many]`, `#[has_one]`, `#[belongs_to]`,
//! `#[many_to_many]`) and their batched loaders: one statement per level
//! (`WHERE key = ANY($1)`), never one per row, results in parent order.

mod cardinality;
mod child_query;
mod declared;
mod join;
mod key_column;
mod load;
mod with;

pub use cardinality::{Cardinality, Many, One, Parent, Shape};
pub use declared::{BelongsTo, HasMany, HasOne, ManyToMany, Relation};
#[doc(hidden)]
pub use declared::{belongs_to, has_many, has_one, many_to_many};
pub use load::{Load, LoadRelation};
pub use with::{IntoWith, WithList, WithSelect};
