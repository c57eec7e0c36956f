//! Enum types and their labels, from `pg_enum`.

use tokio_postgres::Client;

use crate::snapshot::EnumSnapshot;

/// Every enum type of `schema`, labels in the type's order.
pub(super) async fn enums(client: &Client, schema: &str) -> Result<Vec<EnumSnapshot>, tokio_postgres::Error> {
    let rows = client
        .query(
            "SELECT t.typname::text, e.enumlabel::text \
             FROM pg_type t \
             JOIN pg_namespace n ON n.oid = t.typnamespace \
             JOIN pg_enum e ON e.enumtypid = t.oid \
             WHERE n.nspname = $1 \
             ORDER BY t.oid, e.enumsortorder",
            &[&schema],
        )
        .await?;
    let mut enums: Vec<EnumSnapshot> = Vec::new();
    for row in rows {
        let (name, label): (String, String) = (row.get(0), row.get(1));
        match enums.last_mut() {
            Some(last) if last.name == name => last.labels.push(label),
            _ => enums.push(EnumSnapshot { name, labels: vec![label] }),
        }
    }
    Ok(enums)
}
