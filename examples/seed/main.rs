//! Seeds the blog (users with profiles, posts, comments, tags): about 11,000 rows of
//! deterministic, realistic data, into the database `orm::local::find_database` finds:
//! `DATABASE_URL`, else the local server at 127.0.0.1:5432, else a private PostgreSQL it
//! starts from the installed programs (kept in `target/orm-postgres` for the studio).
//!
//! ```sh
//! cargo run --example seed      # migrate, then seed (once: a second run adds nothing)
//! cargo run --example seed -- --reset   # drop the blog's tables and start over
//! ```
//!
//! The schema comes from the committed `migrations/`, compiled into the binary with
//! `orm_migrate::embed_migrations!` and applied at start, as an application would.
//! The rows go in one transaction through `insert_many` (multi-row INSERTs chunked
//! under PostgreSQL's parameter limit): all of them, or none.

// The schema is written as an application's library would write it: `pub`.
#[allow(unreachable_pub, dead_code)]
#[path = "../blog/schema.rs"]
mod blog;
#[allow(unreachable_pub)]
mod data;

use std::process::ExitCode;
use std::time::{Duration, Instant};

use blog::{Comment, NewPostTag, Post, PostTag, Profile, Tag, User};
use indicatif::{ProgressBar, ProgressStyle};
use orm::prelude::*;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let reset = match std::env::args().skip(1).collect::<Vec<_>>().as_slice() {
        [] => false,
        [flag] if flag == "--reset" => true,
        _ => {
            eprintln!("usage: cargo run --example seed [-- --reset]");
            return ExitCode::from(2);
        }
    };
    match seed(reset).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("seed failed: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn seed(reset: bool) -> Result<(), BoxError> {
    let found = tokio::task::spawn_blocking(orm::local::find_database).await??;
    eprintln!("{found}");
    let db = found.builder().create_timeout(Some(Duration::from_secs(5))).connect().await.map_err(|err| {
        format!(
            "{err}. Point DATABASE_URL at a running server, or unset it to use the local or a private one."
        )
    })?;

    let migrations = orm_migrate::embed_migrations!("migrations");
    match blog_tables(&db).await? {
        BlogTables::Foreign => {
            return Err("the database has a `users` table that is not the blog's: point DATABASE_URL at \
                        another database (the seed never drops tables it did not create)"
                .into());
        }
        BlogTables::Blog if reset => {
            reset_blog(&db, &migrations).await?;
            println!("reset: dropped the blog's tables and enum type, and its migrations' history rows");
        }
        BlogTables::Unmanaged if reset => {
            reset_blog(&db, &migrations).await?;
            println!("reset: dropped the blog's tables and enum type");
        }
        BlogTables::Unmanaged => {
            return Err("the database has blog tables that its migrations did not create (an older seed?): \
                        run `cargo run --example seed -- --reset` to drop and recreate them"
                .into());
        }
        BlogTables::Blog | BlogTables::None => {}
    }
    for applied in migrations.run(&db).await? {
        println!("migrated: {}_{} in {} ms", applied.version, applied.name, applied.duration.as_millis());
    }

    let started = Instant::now();
    let first = data::users(&mut data::Rng::seeded()).swap_remove(0).email;
    if User::select().filter(User::EMAIL.eq(first)).count(&db).await? > 0 {
        println!("already seeded; nothing added (run with -- --reset to start over)");
    } else {
        load(&db).await?;
    }
    println!(
        "the blog holds {} users, {} profiles, {} posts, {} comments, {} tags, {} post tags ({:.2?})",
        User::select().count(&db).await?,
        Profile::select().count(&db).await?,
        Post::select().count(&db).await?,
        Comment::select().count(&db).await?,
        Tag::select().count(&db).await?,
        PostTag::select().count(&db).await?,
        started.elapsed(),
    );
    Ok(())
}

/// What the database holds under the blog's table names.
enum BlogTables {
    /// No `users` table.
    None,
    /// The blog's tables, created by its migrations.
    Blog,
    /// The blog's tables, created without the migrations (an older seed).
    Unmanaged,
    /// A `users` table that is not the blog's.
    Foreign,
}

async fn blog_tables(db: &Db) -> Result<BlogTables, BoxError> {
    let client = db.pool().get().await?;
    let row = client
        .query_one(
            "SELECT to_regclass('users') IS NOT NULL,
                    EXISTS (SELECT 1 FROM information_schema.columns
                            WHERE table_schema = current_schema() AND table_name = 'users'
                              AND column_name = 'role' AND udt_name = 'user_role'),
                    to_regclass('_orm_migrations') IS NOT NULL",
            &[],
        )
        .await?;
    let (users, shaped, tracked): (bool, bool, bool) = (row.get(0), row.get(1), row.get(2));
    Ok(match (users, shaped, tracked) {
        (false, _, _) => BlogTables::None,
        (true, false, _) => BlogTables::Foreign,
        (true, true, true) => BlogTables::Blog,
        (true, true, false) => BlogTables::Unmanaged,
    })
}

/// Drops what the blog's migrations create and forgets those migrations (other
/// rows of `_orm_migrations`, an application's own, stay).
async fn reset_blog(db: &Db, migrations: &orm_migrate::Migrator) -> Result<(), BoxError> {
    let versions: Vec<i64> = migrations.migrations().iter().map(|m| m.version()).collect();
    db.transaction(async |tx| {
        tx.batch_execute(
            "DROP TABLE IF EXISTS post_tags, tags, comments, posts, profiles, users; DROP TYPE IF EXISTS user_role;",
        )
        .await?;
        sql!("DELETE FROM _orm_migrations WHERE to_regclass('_orm_migrations') IS NOT NULL AND version = ANY({})", versions)
            .execute(tx)
            .await
            .or_else(|err| if matches!(err, orm::Error::Db(_)) { Ok(0) } else { Err(err) })?;
        Ok::<_, orm::Error>(())
    })
    .await?;
    Ok(())
}

/// Inserts every row in one transaction, with a progress bar.
async fn load(db: &Db) -> Result<(), BoxError> {
    let mut rng = data::Rng::seeded();
    let users = data::users(&mut rng);
    let profiles = data::profiles(&mut rng, &users);
    let posts = data::posts(&mut rng, &users);
    let pairs = data::post_tags(&mut rng, posts.len(), data::TAGS.len());
    let total = users.len() + profiles.len() + data::TAGS.len() + posts.len() + data::COMMENTS + pairs.len();
    let bar = ProgressBar::new(total as u64).with_style(
        ProgressStyle::with_template("{spinner} {msg:>9} [{bar:40}] {pos:>6}/{len} rows")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar.enable_steady_tick(Duration::from_millis(100));

    db.transaction(async |tx| {
        bar.set_message("users");
        for chunk in users.chunks(500) {
            bar.inc(User::insert_many(chunk.to_vec()).execute(tx).await?);
        }
        bar.set_message("profiles");
        bar.inc(Profile::insert_many(profiles).execute(tx).await?);
        bar.set_message("tags");
        let tags = Tag::insert_many(data::tags()).returning().all(tx).await?;
        bar.inc(tags.len() as u64);
        bar.set_message("posts");
        let mut post_ids = Vec::with_capacity(posts.len());
        for chunk in posts.chunks(400) {
            let inserted = Post::insert_many(chunk.to_vec()).returning().all(tx).await?;
            bar.inc(inserted.len() as u64);
            post_ids.extend(inserted.iter().map(|p| p.id));
        }
        bar.set_message("comments");
        for chunk in data::comments(&mut rng, &users, &posts, &post_ids).chunks(1000) {
            bar.inc(Comment::insert_many(chunk.to_vec()).execute(tx).await?);
        }
        bar.set_message("tags");
        for chunk in pairs.chunks(1000) {
            let rows =
                chunk.iter().map(|&(post, tag)| NewPostTag { post_id: post_ids[post], tag_id: tags[tag].id });
            bar.inc(PostTag::insert_many(rows).execute(tx).await?);
        }
        Ok::<_, orm::Error>(())
    })
    .await?;
    bar.finish_and_clear();
    Ok(())
}
