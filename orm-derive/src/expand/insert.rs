//! The insert struct `NewUser`: which fields it has and how it carries them.

use proc_macro2::{Ident, Span};

use crate::model::{FieldModel, TableModel};

/// The insert struct's doc.
pub(crate) fn doc(model: &TableModel) -> String {
    format!(
        "A row to insert into [`{}`]'s table: required fields as they are, \
         fields with a default as `Option` (`None` lets the database fill them).",
        model.ident
    )
}

/// How the insert struct carries a field, for `__private::table!`: `value`
/// (the field's own type, always bound; NULL when a nullable field is `None`) or
/// `default` (wrapped in `Option`, `DEFAULT` when `None`), with the field's doc.
/// Identities are not inserted.
pub(crate) fn carry(field: &FieldModel) -> Option<(Ident, String)> {
    if field.identity.is_some() {
        return None;
    }
    let column = &field.column;
    Some(if field.has_default() {
        (Ident::new("default", Span::call_site()), format!("`{column}` (`None` uses the column default)."))
    } else if field.nullable() {
        (Ident::new("value", Span::call_site()), format!("`{column}` (`None` is NULL)."))
    } else {
        (Ident::new("value", Span::call_site()), format!("`{column}`."))
    })
}
