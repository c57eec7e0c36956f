//! `generate`, `check`, `migrate`, `status` and `introspect`.

use std::time::Duration;

use orm_core::{Db, Schema};

use super::args::Args;
use super::files::{check_name, newest, next_version, write_migration};
use super::{EXIT_FAILURE, EXIT_OK, EXIT_REFUSED, Failure, Output};
use crate::{MigrationState, Migrator, Snapshot, check_schema, diff};

/// Reports every problem `check_schema` finds; `Err` when there is one.
fn check_code(schema: &Schema) -> Result<(), Failure> {
    check_schema(schema).map_err(|errors| {
        let list: Vec<String> = errors.iter().map(|e| format!("  - {e}")).collect();
        Failure::new(format!("the schema in the code has problems:\n{}", list.join("\n")))
    })
}

pub(crate) fn generate(schema: &Schema, args: &Args, io: &mut Output<'_>) -> Result<u8, Failure> {
    let [name] = args.positional.as_slice() else {
        return Err(Failure::usage("generate needs one migration name: `generate add_user_bio`"));
    };
    check_name(name)?;
    check_code(schema)?;
    let newest = newest(&args.dir)?;
    let target = Snapshot::from_schema(schema);
    let plan = diff(&newest.snapshot, &target);
    if plan.is_empty() {
        let _ = writeln!(io.out, "no changes: the schema matches the newest snapshot; nothing written");
        return Ok(EXIT_OK);
    }
    if let Err(refused) = plan.check_safety(args.allow_data_loss, |_| None) {
        let _ = writeln!(io.err, "{refused}");
        return Ok(EXIT_REFUSED);
    }
    // New enum values are committed before anything can use them: a migration of their own.
    let mut parts = Vec::new();
    match crate::diff::enum_values_first(&newest.snapshot, &target) {
        Some(between) => {
            parts.push((format!("{name}_enum_values"), diff(&newest.snapshot, &between), between.clone()));
            parts.push((name.clone(), diff(&between, &target), target));
        }
        None => parts.push((name.clone(), plan, target)),
    }
    let mut version = newest.version;
    for (name, plan, snapshot) in &parts {
        let next = next_version(version)?;
        let path = write_migration(&args.dir, next, name, plan, snapshot)?;
        let _ = writeln!(io.out, "wrote {} ({} steps)", path.display(), plan.steps().len());
        print_steps(plan, io);
        version = Some(next);
    }
    Ok(EXIT_OK)
}

/// One line per step, with its hazard, lints and reversibility.
pub(crate) fn print_steps(plan: &crate::Plan, io: &mut Output<'_>) {
    for step in plan.steps() {
        let mark = match step.hazard() {
            Some(crate::Hazard::DataLoss) => " (DATA LOSS)",
            Some(_) => " (fails if the table has rows)",
            None => "",
        };
        let _ = writeln!(io.out, "  {}{mark}", step.description());
        for lint in step.lints() {
            let _ = writeln!(io.out, "    warning: {lint}");
        }
        if step.down_sql().is_none() {
            let _ = writeln!(io.out, "    irreversible: down.sql cannot undo this step");
        }
    }
}

pub(crate) fn check(schema: &Schema, args: &Args, io: &mut Output<'_>) -> Result<u8, Failure> {
    check_code(schema)?;
    let newest = newest(&args.dir)?;
    let plan = diff(&newest.snapshot, &Snapshot::from_schema(schema));
    let place = newest
        .path
        .as_ref()
        .map_or_else(|| format!("{} (no snapshot yet)", args.dir.display()), |p| p.display().to_string());
    if plan.is_empty() {
        let _ = writeln!(io.out, "ok: the schema matches {place}");
        return Ok(EXIT_OK);
    }
    let _ = writeln!(io.out, "the schema differs from {place} by {} step(s):", plan.steps().len());
    print_steps(&plan, io);
    let _ = writeln!(io.out, "run `generate <name>` to write a migration for them");
    Ok(EXIT_FAILURE)
}

/// A pool for the database `--database-url` names, else the one
/// [`find_database`](orm_core::local::find_database) finds (`DATABASE_URL`, the local
/// server, or a private server it starts), which it names on stderr in one line.
pub(crate) async fn connect(args: &Args, io: &mut Output<'_>) -> Result<Db, Failure> {
    let (url, max_size) = match &args.database_url {
        Some(url) => (url.clone(), 2),
        None => {
            let found = tokio::task::spawn_blocking(orm_core::local::find_database)
                .await
                .map_err(|e| Failure::new(format!("finding a database: {e}")))?
                .map_err(|e| Failure::new(e.to_string()))?;
            let _ = writeln!(io.err, "{found}");
            let chosen = (found.url().to_owned(), found.max_connections().unwrap_or(2).min(2));
            // An in-process server lives as long as its `FoundDatabase`: for the
            // rest of this process.
            static KEPT: std::sync::OnceLock<orm_core::local::FoundDatabase> = std::sync::OnceLock::new();
            let _ = KEPT.set(found);
            chosen
        }
    };
    let db = Db::builder(&url)
        .max_size(max_size)
        .wait_timeout(Some(Duration::from_secs(10)))
        .create_timeout(Some(Duration::from_secs(10)))
        .build()
        .map_err(|e| Failure::new(format!("DATABASE_URL: {e}")))?;
    // Fail here, with the address, rather than inside the first command.
    db.connection().await.map_err(|e| {
        Failure::new(format!(
            "cannot reach the database at {} (DATABASE_URL / --database-url): {e}",
            orm_core::exec::redact_url(&url)
        ))
    })?;
    Ok(db)
}

fn migrator(args: &Args) -> Result<Migrator, Failure> {
    Ok(Migrator::from_dir(&args.dir)
        .map_err(|e| Failure::new(e.to_string()))?
        .allow_out_of_order(args.allow_out_of_order))
}

pub(crate) async fn migrate(args: &Args, io: &mut Output<'_>) -> Result<u8, Failure> {
    let migrator = migrator(args)?;
    let db = connect(args, io).await?;
    let applied = migrator.run(&db).await.map_err(|e| Failure::new(e.to_string()))?;
    for migration in &applied {
        let _ = writeln!(
            io.out,
            "applied {}_{} in {} ms",
            migration.version,
            migration.name,
            migration.duration.as_millis()
        );
    }
    if applied.is_empty() {
        let _ =
            writeln!(io.out, "nothing to apply: all {} migrations are applied", migrator.migrations().len());
    }
    Ok(EXIT_OK)
}

pub(crate) async fn status(args: &Args, io: &mut Output<'_>) -> Result<u8, Failure> {
    let migrator = migrator(args)?;
    let db = connect(args, io).await?;
    let statuses = migrator.status(&db).await.map_err(|e| Failure::new(e.to_string()))?;
    let mut code = EXIT_OK;
    for status in &statuses {
        let state = match &status.state {
            MigrationState::Applied { applied_at, duration } => {
                format!(
                    "applied {} ({} ms)",
                    applied_at.format("%Y-%m-%d %H:%M:%S UTC"),
                    duration.as_millis()
                )
            }
            MigrationState::Pending => "pending".to_owned(),
            MigrationState::ChecksumMismatch { .. } => {
                code = EXIT_FAILURE;
                "EDITED after it was applied: restore its up.sql".to_owned()
            }
            MigrationState::MissingOnDisk { .. } => {
                code = EXIT_FAILURE;
                "applied but MISSING from the directory".to_owned()
            }
        };
        let _ = writeln!(io.out, "{}_{}  {state}", status.version, status.name);
    }
    if statuses.is_empty() {
        let _ = writeln!(io.out, "no migrations in {}", args.dir.display());
    }
    Ok(code)
}

pub(crate) async fn introspect(args: &Args, io: &mut Output<'_>) -> Result<u8, Failure> {
    let db = connect(args, io).await?;
    let snapshot =
        crate::introspect(&db).await.map_err(|e| Failure::new(format!("cannot read the catalog: {e}")))?;
    let source = crate::rust_source(&snapshot);
    match &args.out {
        Some(path) => {
            std::fs::write(path, &source)
                .map_err(|e| Failure::new(format!("cannot write {}: {e}", path.display())))?;
            let _ = writeln!(io.out, "wrote {} ({} tables)", path.display(), snapshot.tables.len());
        }
        None => {
            let _ = write!(io.out, "{source}");
        }
    }
    Ok(EXIT_OK)
}
