//! Tables and their columns, from `pg_class` and `pg_attribute`.

use std::collections::BTreeMap;

use tokio_postgres::Client;

use super::types::snapshot_type;
use crate::snapshot::{ColumnSnapshot, TableSnapshot};

/// The table that records applied migrations; never part of a snapshot.
const TRACKING_TABLE: &str = "_orm_migrations";

/// The tables of `schema` (ordinary and partitioned, not partitions), by oid,
/// with their columns in order and no constraints or indexes yet.
pub(super) async fn tables(
    client: &Client,
    schema: &str,
) -> Result<BTreeMap<u32, TableSnapshot>, tokio_postgres::Error> {
    let rows = client
        .query(
            "SELECT c.oid, c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), \
                    a.attnotnull, a.attidentity <> '', a.attgenerated <> '', \
                    pg_get_expr(d.adbin, d.adrelid), \
                    CASE WHEN t.typtype = 'e' THEN t.typname::text \
                         WHEN e.typtype = 'e' THEN e.typname::text || '[]' END \
             FROM pg_class c \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped \
             LEFT JOIN pg_type t ON t.oid = a.atttypid \
             LEFT JOIN pg_type e ON e.oid = t.typelem AND t.typcategory = 'A' \
             LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
             WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition \
               AND c.relname <> $2 \
             ORDER BY c.oid, a.attnum",
            &[&schema, &TRACKING_TABLE],
        )
        .await?;
    let mut tables = BTreeMap::new();
    for row in rows {
        let table = tables.entry(row.get::<_, u32>(0)).or_insert_with(|| TableSnapshot {
            name: row.get(1),
            renamed_from: None,
            columns: Vec::new(),
            primary_key: None,
            uniques: Vec::new(),
            foreign_keys: Vec::new(),
            checks: Vec::new(),
            indexes: Vec::new(),
        });
        // A table without columns has one row, its column fields NULL.
        let Some(name) = row.get::<_, Option<String>>(2) else {
            continue;
        };
        let (identity, generated): (bool, bool) = (row.get(5), row.get(6));
        let format_type: String = row.get(3);
        let sql_type = snapshot_type(&format_type, row.get::<_, Option<&str>>(8));
        // A generated column's expression is not a default: the snapshot has no place for it.
        let default = row.get::<_, Option<String>>(7).filter(|_| !identity && !generated);
        table.columns.push(ColumnSnapshot {
            name,
            sql_type,
            nullable: !row.get::<_, bool>(4),
            default,
            identity,
            renamed_from: None,
        });
    }
    Ok(tables)
}
