//! The typed model of a derive input: parsed from attributes, then validated.

mod attr;
mod audit;
pub(crate) mod case;
mod check;
mod ctxt;
mod pg_enum;
mod relation;
mod symbol;
mod table;
mod types;

pub(crate) use audit::AuditKind;
pub(crate) use pg_enum::EnumModel;
pub(crate) use relation::{RelationKind, RelationModel};
pub(crate) use table::{DefaultModel, FieldModel, TableModel};

/// A fresh error context for one derive.
pub(crate) fn ctxt_new() -> ctxt::Ctxt {
    ctxt::Ctxt::default()
}
