//! Command-line arguments: a command, its positional arguments and `--flags`.
//! Never reads standard input.

use std::path::PathBuf;

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Args {
    /// The command (`generate`, `migrate`, ..); `None` when only flags were given.
    pub(crate) command: Option<String>,
    /// Positional arguments after the command.
    pub(crate) positional: Vec<String>,
    pub(crate) help: bool,
    pub(crate) database_url: Option<String>,
    pub(crate) dir: PathBuf,
    pub(crate) allow_data_loss: bool,
    pub(crate) allow_out_of_order: bool,
    pub(crate) out: Option<PathBuf>,
    pub(crate) dry_run: bool,
    /// `studio`: the port and address to listen on, and whether edits are allowed.
    pub(crate) port: Option<String>,
    pub(crate) host: Option<String>,
    pub(crate) write: bool,
}

/// Options that take a value.
const VALUE_OPTIONS: &[&str] = &["--database-url", "--dir", "--out", "--port", "--host"];

impl Args {
    /// Reads the arguments after the program name. `Err` is a usage message.
    pub(crate) fn parse(args: impl IntoIterator<Item = String>) -> Result<Args, String> {
        let mut parsed = Args {
            command: None,
            positional: Vec::new(),
            help: false,
            database_url: None,
            dir: PathBuf::from("migrations"),
            allow_data_loss: false,
            allow_out_of_order: false,
            out: None,
            dry_run: false,
            port: None,
            host: None,
            write: false,
        };
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") => (flag.to_owned(), Some(value.to_owned())),
                _ => (arg.clone(), None),
            };
            if VALUE_OPTIONS.contains(&flag.as_str()) {
                let value = match inline {
                    Some(value) => value,
                    None => args.next().ok_or_else(|| format!("{flag} needs a value"))?,
                };
                match flag.as_str() {
                    "--database-url" => parsed.database_url = Some(value),
                    "--dir" => parsed.dir = PathBuf::from(value),
                    "--port" => parsed.port = Some(value),
                    "--host" => parsed.host = Some(value),
                    _ => parsed.out = Some(PathBuf::from(value)),
                }
                continue;
            }
            match flag.as_str() {
                "-h" | "--help" => parsed.help = true,
                "--allow-data-loss" => parsed.allow_data_loss = true,
                "--allow-out-of-order" => parsed.allow_out_of_order = true,
                "--dry-run" => parsed.dry_run = true,
                "--write" => parsed.write = true,
                other if other.starts_with('-') => return Err(format!("unknown option {other}")),
                _ if parsed.command.is_none() => parsed.command = Some(arg),
                _ => parsed.positional.push(arg),
            }
        }
        if parsed.command.as_deref() == Some("help") {
            parsed.command = parsed.positional.pop();
            parsed.help = true;
        }
        Ok(parsed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Args, String> {
        Args::parse(args.iter().map(|a| (*a).to_owned()))
    }

    #[test]
    fn reads_commands_flags_and_values() {
        let args = parse(&["generate", "add_bio", "--dir=db/migrations", "--allow-data-loss"]).unwrap();
        assert_eq!(args.command.as_deref(), Some("generate"));
        assert_eq!(args.positional, ["add_bio"]);
        assert_eq!(args.dir, PathBuf::from("db/migrations"));
        assert!(args.allow_data_loss);
        let args = parse(&["migrate", "--database-url", "postgres://x"]).unwrap();
        assert_eq!(args.database_url.as_deref(), Some("postgres://x"));
        assert!(parse(&["help", "push"]).unwrap().help);
        assert_eq!(parse(&["help", "push"]).unwrap().command.as_deref(), Some("push"));
    }

    #[test]
    fn refuses_unknown_options_and_missing_values() {
        assert_eq!(parse(&["migrate", "--force"]), Err("unknown option --force".to_owned()));
        assert_eq!(parse(&["migrate", "--dir"]), Err("--dir needs a value".to_owned()));
    }
}
