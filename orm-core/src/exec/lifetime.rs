//! Connection lifetimes: `PoolLifetimes` (max_lifetime, idle_timeout, min_idle) and
//! `MaxLifetime`, each connection's own jittered age limit.

use std::time::{Duration, Instant};

use deadpool_postgres::{Hook, HookError, Metrics};

/// How long connections live, as set on the [`DbBuilder`](super::DbBuilder).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PoolLifetimes {
    pub(crate) max_lifetime: Option<Duration>,
    pub(crate) idle_timeout: Option<Duration>,
    pub(crate) min_idle: usize,
}

impl PoolLifetimes {
    /// Whether the pool needs its maintenance task (any of the three is set).
    pub(crate) fn need_maintenance(&self) -> bool {
        self.max_lifetime.is_some() || self.idle_timeout.is_some() || self.min_idle > 0
    }

    /// How often the maintenance task looks at the pool: at most a second apart, and
    /// often enough that a connection is closed within a tenth of its lifetime (the
    /// width of the jitter) or half its idle timeout.
    pub(crate) fn tick(&self) -> Duration {
        let mut tick = Duration::from_secs(1);
        if let Some(lifetime) = self.max_lifetime {
            tick = tick.min(lifetime / 10);
        }
        if let Some(idle) = self.idle_timeout {
            tick = tick.min(idle / 2);
        }
        tick.max(Duration::from_millis(10))
    }
}

/// The pool's `max_lifetime`, with jitter: each connection's own limit lies in
/// [lifetime × 0.9, lifetime], drawn from the instant it was opened, so connections
/// opened together do not all close (and reopen) together.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MaxLifetime {
    /// The lifetime in nanoseconds (capped at u64, some 584 years).
    lifetime: u64,
    /// When the pool was built: connection ages are drawn relative to it.
    epoch: Instant,
}

impl MaxLifetime {
    pub(crate) fn new(lifetime: Duration) -> Self {
        let lifetime = u64::try_from(lifetime.as_nanos()).unwrap_or(u64::MAX);
        MaxLifetime { lifetime, epoch: Instant::now() }
    }

    /// Whether the connection these metrics describe has outlived its limit. Cheap
    /// enough for every return to the pool: a clock read and some arithmetic.
    pub(crate) fn is_over(&self, metrics: &Metrics) -> bool {
        metrics.created.elapsed() >= self.limit_of(metrics.created)
    }

    /// A pre-recycle hook: an idle connection past its limit is closed instead of
    /// handed out (the pool then takes the next one, or opens one).
    pub(crate) fn refuse_expired(self) -> Hook {
        Hook::sync_fn(move |_, metrics| match self.is_over(metrics) {
            true => Err(HookError::message("the connection reached its max_lifetime")),
            false => Ok(()),
        })
    }

    /// The age limit of the connection opened at `created`: the lifetime less a draw
    /// in [0, lifetime / 10), in integer arithmetic (this runs on every return).
    fn limit_of(&self, created: Instant) -> Duration {
        let opened_at = created.saturating_duration_since(self.epoch).as_nanos() as u64;
        let window = u128::from(self.lifetime / 10);
        let cut = (u128::from(mix(opened_at)) * window) >> 64;
        Duration::from_nanos(self.lifetime - cut as u64)
    }
}

/// SplitMix64's finaliser: instants nanoseconds apart become unrelated draws.
fn mix(value: u64) -> u64 {
    let mut z = value.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_connection_gets_its_own_limit_between_nine_tenths_and_the_whole_lifetime() {
        let lifetime = Duration::from_secs(1800);
        let max = MaxLifetime::new(lifetime);
        // Connections opened a few microseconds apart, as a burst opens them.
        let limits: Vec<Duration> =
            (0..1000u64).map(|n| max.limit_of(max.epoch + Duration::from_micros(n * 7))).collect();
        let (low, high) = (lifetime.mul_f64(0.9), lifetime);
        assert!(limits.iter().all(|limit| (low..=high).contains(limit)), "within [0.9, 1] × lifetime");
        let (min, max_limit) = (limits.iter().min().unwrap(), limits.iter().max().unwrap());
        assert!(
            *min < lifetime.mul_f64(0.91) && *max_limit > lifetime.mul_f64(0.99),
            "spread over the window"
        );
        let early = limits.iter().filter(|limit| **limit < lifetime.mul_f64(0.95)).count();
        assert!((400..600).contains(&early), "evenly spread: {early} of 1000 in the lower half");
        assert_eq!(
            max.limit_of(max.epoch + Duration::from_micros(7)),
            limits[1],
            "the same connection, the same limit"
        );
    }

    #[test]
    fn the_maintenance_tick_follows_the_shortest_setting() {
        let lifetimes =
            |max_lifetime, idle_timeout| PoolLifetimes { max_lifetime, idle_timeout, min_idle: 0 };
        assert_eq!(lifetimes(None, None).tick(), Duration::from_secs(1));
        assert_eq!(lifetimes(Some(Duration::from_secs(1800)), None).tick(), Duration::from_secs(1));
        assert_eq!(lifetimes(Some(Duration::from_millis(500)), None).tick(), Duration::from_millis(50));
        let both = lifetimes(Some(Duration::from_secs(5)), Some(Duration::from_millis(300)));
        assert_eq!(both.tick(), Duration::from_millis(150));
        assert_eq!(lifetimes(Some(Duration::from_millis(1)), None).tick(), Duration::from_millis(10));
        assert!(!lifetimes(None, None).need_maintenance());
        assert!(PoolLifetimes { min_idle: 1, ..PoolLifetimes::default() }.need_maintenance());
    }
}
