//! `StartupSettings`: what every new connection is opened with (server timeouts as
//! startup options, connect timeout, TCP keepalives, `application_name`).

use std::time::Duration;

use tokio_postgres::Config;

/// The connection settings set on a [`DbBuilder`](super::DbBuilder), applied to the
/// driver's config when the pool is built. `None` leaves the URL's value (or the
/// driver's default) alone.
#[derive(Debug, Clone, Default)]
pub(crate) struct StartupSettings {
    pub(crate) statement_timeout: Option<Duration>,
    pub(crate) lock_timeout: Option<Duration>,
    pub(crate) idle_in_transaction_session_timeout: Option<Duration>,
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) keepalives_idle: Option<Duration>,
    pub(crate) keepalives_interval: Option<Duration>,
    pub(crate) application_name: Option<String>,
}

impl StartupSettings {
    /// Writes the settings into `config`. The server timeouts travel in the startup
    /// packet's `options` (after any the URL gave, so they win), so they cost no
    /// round trip; `application_name` defaults to the program's name.
    pub(crate) fn apply(&self, config: &mut Config) {
        let server_settings = [
            ("statement_timeout", self.statement_timeout),
            ("lock_timeout", self.lock_timeout),
            ("idle_in_transaction_session_timeout", self.idle_in_transaction_session_timeout),
        ];
        let mut options = config.get_options().unwrap_or_default().to_owned();
        for (name, value) in server_settings {
            if let Some(value) = value {
                if !options.is_empty() {
                    options.push(' ');
                }
                options.push_str(&format!("-c {name}={}", server_milliseconds(value)));
            }
        }
        if !options.is_empty() {
            config.options(options);
        }
        if let Some(timeout) = self.connect_timeout {
            config.connect_timeout(timeout);
        }
        if let Some(idle) = self.keepalives_idle {
            config.keepalives(true).keepalives_idle(idle);
        }
        if let Some(interval) = self.keepalives_interval {
            config.keepalives(true).keepalives_interval(interval);
        }
        match (&self.application_name, config.get_application_name()) {
            (Some(name), _) => {
                config.application_name(name);
            }
            (None, None) => {
                if let Some(name) = program_name() {
                    config.application_name(name);
                }
            }
            (None, Some(_)) => {}
        }
    }
}

/// A duration as the whole milliseconds a server timeout setting takes, rounded up
/// (so that 1 µs does not become 0, which turns the timeout off) and capped at the
/// largest value PostgreSQL accepts.
fn server_milliseconds(value: Duration) -> u128 {
    value.as_nanos().div_ceil(1_000_000).min(i32::MAX as u128)
}

/// The running program's file name without its extension: the default
/// `application_name`, as `pg_stat_activity` and the server log show it.
pub(crate) fn program_name() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    exe.file_stem().map(|stem| stem.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn applied(settings: StartupSettings, url: &str) -> Config {
        let mut config: Config = url.parse().unwrap();
        settings.apply(&mut config);
        config
    }

    #[test]
    fn server_timeouts_are_options_appended_to_the_urls() {
        let settings = StartupSettings {
            statement_timeout: Some(Duration::from_secs(30)),
            lock_timeout: Some(Duration::from_micros(1)),
            idle_in_transaction_session_timeout: Some(Duration::ZERO),
            ..StartupSettings::default()
        };
        let config = applied(settings.clone(), "postgres://u@h/db?options=-c%20search_path%3Dapp");
        assert_eq!(
            config.get_options(),
            Some(
                "-c search_path=app -c statement_timeout=30000 -c lock_timeout=1 \
                 -c idle_in_transaction_session_timeout=0"
            )
        );
        let config = applied(settings, "postgres://u@h/db");
        assert_eq!(
            config.get_options(),
            Some("-c statement_timeout=30000 -c lock_timeout=1 -c idle_in_transaction_session_timeout=0")
        );
        assert_eq!(applied(StartupSettings::default(), "postgres://u@h/db").get_options(), None);
    }

    #[test]
    fn a_timeout_past_what_the_server_takes_is_capped() {
        assert_eq!(server_milliseconds(Duration::from_secs(u64::MAX)), i32::MAX as u128);
        assert_eq!(server_milliseconds(Duration::from_millis(250)), 250);
    }

    #[test]
    fn application_name_defaults_to_the_program_unless_the_url_or_the_builder_names_one() {
        let program = program_name().expect("the test binary has a name");
        let config = applied(StartupSettings::default(), "postgres://u@h/db");
        assert_eq!(config.get_application_name(), Some(program.as_str()));
        let config = applied(StartupSettings::default(), "postgres://u@h/db?application_name=from_url");
        assert_eq!(config.get_application_name(), Some("from_url"));
        let named = StartupSettings { application_name: Some("api".into()), ..StartupSettings::default() };
        let config = applied(named, "postgres://u@h/db?application_name=from_url");
        assert_eq!(config.get_application_name(), Some("api"));
    }

    #[test]
    fn keepalive_and_connect_settings_reach_the_driver() {
        let settings = StartupSettings {
            connect_timeout: Some(Duration::from_secs(3)),
            keepalives_idle: Some(Duration::from_secs(60)),
            keepalives_interval: Some(Duration::from_secs(10)),
            ..StartupSettings::default()
        };
        let config = applied(settings, "postgres://u@h/db?keepalives=0");
        assert_eq!(config.get_connect_timeout(), Some(&Duration::from_secs(3)));
        assert!(config.get_keepalives());
        assert_eq!(config.get_keepalives_idle(), Duration::from_secs(60));
        assert_eq!(config.get_keepalives_interval(), Some(Duration::from_secs(10)));
    }
}
