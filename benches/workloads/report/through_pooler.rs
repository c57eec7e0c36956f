//! The report's W13 section: orm ÷ raw through PgBouncer, per pool mode and workload.

use std::fmt::Write as _;

use crate::pgbouncer::PoolMode;
use crate::through_pooler::Measured;

/// Writes the W13 table.
pub fn section(md: &mut String, pooled: &[Measured]) {
    let _ = writeln!(
        md,
        "\n## Through PgBouncer (W13)\n\n\
         W1 and W2/100 through one PgBouncer (its own, on loopback, in front of the same server), orm \
         on a `Db` of one connection beside raw tokio-postgres on one client. Session mode: orm's \
         statement cache against raw prepared once + `query_raw`. Transaction mode: orm's \
         `PoolerMode::Transaction` against raw `query_typed_raw` (unnamed statements with their \
         types, one round trip). Interleaved rounds as above; round trips per operation between the \
         client and PgBouncer, counted by a proxy.\n\n\
         | setup | workload | orm ÷ raw, median | quartiles | round trips orm / raw |\n|---|---|---|---|---|"
    );
    for m in pooled {
        let setup = match m.pool_mode {
            PoolMode::Session => "session mode, statement cache",
            PoolMode::Transaction => "transaction mode, `PoolerMode::Transaction`",
        };
        let _ = writeln!(
            md,
            "| {setup} | {} | **{:.2}** | {:.2}–{:.2} | {} / {} |",
            m.workload, m.ratio.median, m.ratio.low, m.ratio.high, m.round_trips.0, m.round_trips.1
        );
    }
}
