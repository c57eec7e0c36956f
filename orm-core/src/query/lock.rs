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
    pub(crate) fn render(&self, w: &mut SqlWriter<'_>) {
        w.push_sql(match self.strength {
            LockStrength::Update => " FOR UPDATE",
            LockStrength::NoKeyUpdate => " FOR NO KEY UPDATE",
            LockStrength::Share => " FOR SHARE",
        });
        match self.wait {
            LockWait::Wait => {}
            LockWait::SkipLocked => w.push_sql(" SKIP LOCKED"),
            LockWait::NoWait => w.push_sql(" NOWAIT"),
        }
    }
}
