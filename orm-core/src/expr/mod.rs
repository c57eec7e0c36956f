//! Typed expressions: columns, operands, conditions and ordering terms.

mod aggregate;
mod column;
mod condition;
mod contains;
mod json;
mod json_set;
mod node;
mod operand;
mod ops;
mod order;
mod param;
mod subquery;

pub use aggregate::{
    Aggregate, Averageable, Ordered, Summable, avg, count, count_all, count_distinct, max, min, sum,
};
pub use column::{Column, Excluded, excluded};
pub use condition::{Condition, not};
pub use contains::Containable;
pub use json::{JsonArg, JsonOps, JsonPath, JsonText, JsonType};
pub use json_set::JsonSet;
pub use node::ExprNode;
pub use operand::{AsAssign, AsExpr, AsUpsertValue, Bound, TextType};
pub use ops::{ExprOps, Expression, InSource, like_literal};
pub use order::{IntoOrderBy, OrderNode, OrderTerm};
pub use param::{Param, Params, Slotted};
pub use subquery::{Outer, Scalar, exists, not_exists, outer, scalar};

pub(crate) use condition::CondNode;
