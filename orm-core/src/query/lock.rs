//! Row locks: FOR UPDATE / FOR NO KEY UPDATE / FOR SHARE, with SKIP LOCKED or NOWAIT.

use crate::render::SqlWriter;

#[derive(Debug, Clone, Copy)]
pub(crate) enum LockStrength {
    Update,
    NoKeyUpdate,
    Share,
}

#[derive(Debug, Clone, Copy, Default)]
pub(crate) enum LockWait {
    #[default]
    Wait,
    SkipLocked,
    NoWait,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Lock {
    pub(crate) strength: LockStrength,
    pub(crate) wait: LockWait,
}

impl Lock {
    /// Writes the lock; `of` names the tables to lock (all of them when empty).
    pub(crate) fn render(&self, of: &[&str], w: &mut SqlWriter<'_>) {
        w.push_sql(match self.strength {
            LockStrength::Update => " FOR UPDATE",
            LockStrength::NoKeyUpdate => " FOR NO KEY UPDATE",
            LockStrength::Share => " FOR SHARE",
        });
        for (i, table) in of.iter().enumerate() {
            w.push_sql(if i == 0 { " OF " } else { ", " });
            w.push_ident(table);
        }
        match self.wait {
            LockWait::Wait => {}
            LockWait::SkipLocked => w.push_sql(" SKIP LOCKED"),
            LockWait::NoWait => w.push_sql(" NOWAIT"),
        }
    }
}
