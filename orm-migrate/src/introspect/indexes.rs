//! Indexes that no constraint owns, from `pg_index`.

use std::collections::BTreeMap;

use tokio_postgres::Client;

use crate::snapshot::{IndexKey, IndexSnapshot, TableSnapshot};

/// Adds the indexes of `schema` to their tables (`tables` by oid), leaving out
/// those that back a primary key, unique or exclusion constraint. Key columns
/// only (`INCLUDE` columns are not read), without sort order or operator class.
pub(super) async fn add_indexes(
    client: &Client,
    schema: &str,
    tables: &mut BTreeMap<u32, TableSnapshot>,
) -> Result<(), tokio_postgres::Error> {
    let rows = client
        .query(
            "SELECT i.indrelid, x.relname::text, i.indisunique, am.amname::text, \
                    pg_get_expr(i.indpred, i.indrelid), \
                    ARRAY(SELECT a.attname::text FROM generate_series(1, i.indnkeyatts) AS k(ord) \
                          LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid \
                               AND a.attnum = i.indkey[k.ord - 1] AND i.indkey[k.ord - 1] <> 0 \
                          ORDER BY k.ord), \
                    ARRAY(SELECT pg_get_indexdef(i.indexrelid, k.ord, true) \
                          FROM generate_series(1, i.indnkeyatts) AS k(ord) ORDER BY k.ord) \
             FROM pg_index i \
             JOIN pg_class x ON x.oid = i.indexrelid \
             JOIN pg_class c ON c.oid = i.indrelid \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             JOIN pg_am am ON am.oid = x.relam \
             WHERE n.nspname = $1 \
               AND NOT EXISTS (SELECT 1 FROM pg_constraint con \
                               WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid \
                                 AND con.contype IN ('p', 'u', 'x')) \
             ORDER BY i.indrelid, x.relname",
            &[&schema],
        )
        .await?;
    for row in rows {
        let Some(table) = tables.get_mut(&row.get::<_, u32>(0)) else {
            continue;
        };
        let columns: Vec<Option<String>> = row.get(5);
        let texts: Vec<String> = row.get(6);
        let keys = columns
            .into_iter()
            .zip(texts)
            .map(|(column, text)| match column {
                Some(column) => IndexKey::Column(column),
                None => IndexKey::Expression(text),
            })
            .collect();
        table.indexes.push(IndexSnapshot {
            name: row.get(1),
            keys,
            unique: row.get(2),
            using: row.get(3),
            predicate: row.get(4),
        });
    }
    Ok(())
}
