//! `#[column(created_at)]`, `#[column(updated_at)]` and `#[column(version)]`: the audit
//! roles a column can have, and their rules.

use syn::Path;
use syn::meta::ParseNestedMeta;

use super::ctxt::Ctxt;
use super::symbol::{CREATED_AT, Symbol, UPDATED_AT, VERSION};
use super::table::{FieldModel, TableModel};

/// An audit role, as the attribute names it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum AuditKind {
    CreatedAt,
    UpdatedAt,
    Version,
}

impl AuditKind {
    const ALL: [AuditKind; 3] = [AuditKind::CreatedAt, AuditKind::UpdatedAt, AuditKind::Version];

    /// The role a `#[column(..)]` key names, if it names one.
    pub(crate) fn of(path: &Path) -> Option<AuditKind> {
        AuditKind::ALL.into_iter().find(|kind| path == kind.symbol())
    }

    fn symbol(self) -> Symbol {
        match self {
            AuditKind::CreatedAt => CREATED_AT,
            AuditKind::UpdatedAt => UPDATED_AT,
            AuditKind::Version => VERSION,
        }
    }

    /// The `AuditRole` variant the runtime knows it by.
    pub(crate) fn variant(self) -> &'static str {
        match self {
            AuditKind::CreatedAt => "CreatedAt",
            AuditKind::UpdatedAt => "UpdatedAt",
            AuditKind::Version => "Version",
        }
    }

    /// The `__private` function that checks the field's type.
    pub(crate) fn type_check(self) -> &'static str {
        match self {
            AuditKind::CreatedAt | AuditKind::UpdatedAt => "audit_timestamp_field",
            AuditKind::Version => "version_field",
        }
    }
}

/// `#[column(created_at)]`: records the role, or reports a second one on the field.
pub(crate) fn parse_audit(cx: &Ctxt, meta: &ParseNestedMeta<'_>, kind: AuditKind, field: &mut FieldModel) {
    match &field.audit {
        Some((_, first)) => {
            let message = if *first == kind {
                format!("duplicate `column({})` attribute", kind.symbol())
            } else {
                format!(
                    "a column has one audit role: `{}` and `{}` cannot both be on `{}`",
                    first.symbol(),
                    kind.symbol(),
                    field.ident
                )
            };
            cx.error_spanned_by(&meta.path, message);
        }
        None => field.audit = Some((meta.path.clone(), kind)),
    }
}

/// An audit column is filled by the database and kept by the builders: it is not a
/// key, an identity or a column with a default of its own; a table has at most one
/// column of each role.
pub(crate) fn check_audit(cx: &Ctxt, model: &TableModel) {
    for (at, field) in model.fields.iter().enumerate() {
        let Some((key, kind)) = &field.audit else {
            continue;
        };
        let role = kind.symbol();
        if field.primary_key.is_some() {
            cx.error_spanned_by(
                key,
                format!("a `{role}` column cannot be the primary key; remove `primary_key` or `{role}`"),
            );
        }
        if field.identity.is_some() {
            cx.error_spanned_by(
                key,
                format!("a `{role}` column cannot be an `identity`; remove `identity` or `{role}`"),
            );
        }
        if field.default.is_some() {
            let default = if *kind == AuditKind::Version { "1" } else { "now()" };
            cx.error_spanned_by(
                key,
                format!("a `{role}` column defaults to {default} by itself; remove its `default`"),
            );
        }
        let earlier = model.fields[..at].iter().find(|f| matches!(&f.audit, Some((_, k)) if k == kind));
        if let Some(first) = earlier {
            cx.error_spanned_by(
                key,
                format!(
                    "two `{role}` columns, `{}` and `{}`; a table has at most one",
                    first.ident, field.ident
                ),
            );
        }
    }
}
