//! The patch struct `UserPatch`: every field `Option`, `None` = unchanged.

use crate::model::{FieldModel, TableModel};

/// The patch struct's doc.
pub(crate) fn doc(model: &TableModel) -> String {
    let ident = &model.ident;
    format!(
        "A partial update of [`{ident}`]: every field `Some` is written, every `None` is left as it is. \
         Apply it with `{ident}::update().patch(..)`."
    )
}

/// The doc of the patch struct's field for `field`; identities and audit columns
/// cannot be patched.
pub(crate) fn field_doc(field: &FieldModel) -> Option<String> {
    (field.identity.is_none() && field.audit.is_none()).then(|| format!("New value of `{}`.", field.column))
}
