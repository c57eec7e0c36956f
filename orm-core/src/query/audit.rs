//! Audit columns in UPDATEs: `updated_at = now()` and `version = version + 1` added to
//! every SET list the builders write, and no `.set(..)` of `created_at` or `version`.

use crate::error::{Error, Result};
use crate::render::SqlWriter;
use crate::schema::{AuditRole, TableMeta};
use crate::table::Assignment;

/// Refuses an assignment to a `#[column(created_at)]` or `#[column(version)]` column.
pub(crate) fn check_assignments(meta: &'static TableMeta, sets: &[Assignment]) -> Result<()> {
    for column in meta.columns {
        let Some(role) = column.audit.filter(|role| role.is_read_only()) else {
            continue;
        };
        if sets.iter().any(|set| set.column == column.name) {
            return Err(Error::ReadOnlyColumn {
                table: meta.name,
                column: column.name,
                attribute: role.attribute(),
            });
        }
    }
    Ok(())
}

/// Writes `, "updated_at" = now(), "version" = "table"."version" + 1` for the table's
/// audit columns: what every UPDATE the builders issue adds after its SET list. For tools
/// that write their own UPDATE of a derived table (orm studio), so that their writes keep
/// the same rules.
pub fn render_audit_assignments(meta: &'static TableMeta, w: &mut SqlWriter<'_>) {
    render_maintained(meta, &[], w);
}

/// Writes `, "updated_at" = now(), "version" = "table"."version" + 1` after a SET list:
/// the assignments the table's audit columns add to every update. An `updated_at`
/// the update sets itself keeps that value.
pub(crate) fn render_maintained(meta: &'static TableMeta, sets: &[Assignment], w: &mut SqlWriter<'_>) {
    for column in meta.columns {
        match column.audit {
            Some(AuditRole::UpdatedAt) if !sets.iter().any(|set| set.column == column.name) => {
                w.push_sql(", ");
                w.push_ident(column.name);
                w.push_sql(" = now()");
            }
            Some(AuditRole::Version) => {
                w.push_sql(", ");
                w.push_ident(column.name);
                w.push_sql(" = ");
                w.push_qualified(meta.name, column.name);
                w.push_sql(" + 1");
            }
            _ => {}
        }
    }
}
