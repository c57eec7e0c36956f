//! Typed expressions: columns, operands, conditions and ordering terms.

mod column;
mod condition;
mod node;
mod operand;
mod ops;
mod order;

pub use column::{Column, Excluded, excluded};
pub use condition::{Condition, not};
pub use node::ExprNode;
pub use operand::{AsAssign, AsExpr, AsUpsertValue, TextType};
pub use ops::{ExprOps, Expression};
pub use order::{IntoOrderBy, OrderNode, OrderTerm};

pub(crate) use condition::CondNode;
