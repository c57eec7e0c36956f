//! Seeds a small blog (users, posts, comments) into the database at `DATABASE_URL`.
//!
//! ```sh
//! docker compose up -d          # or any PostgreSQL 15+; see the README
//! cargo run --example seed
//! ```
//!
//! It creates the schema when it is missing and inserts rows that are not there
//! yet, so running it again changes nothing.

// The schema is written as an application's library would write it: `pub`.
#[allow(unreachable_pub)]
#[path = "blog/schema.rs"]
mod blog;

use std::process::ExitCode;

use blog::{Comment, NewComment, NewPost, NewUser, Post, Role, User};
use orm::prelude::*;

/// The server used when `DATABASE_URL` is not set.
const DEFAULT_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match seed().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("seed failed: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn seed() -> Result<(), BoxError> {
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| DEFAULT_URL.to_owned());
    let db = Db::builder(&url).create_timeout(Some(std::time::Duration::from_secs(5))).connect().await.map_err(|err| {
        let url = orm::exec::redact_url(&url);
        format!("DATABASE_URL={url}: {err}. Start one with `docker compose up -d`, or point DATABASE_URL at a running server.")
    })?;

    if create_schema_if_missing(&db).await? {
        println!("created tables users, posts, comments and type user_role");
    } else {
        println!("schema already present");
    }

    let users = [
        ("ada@example.com", "Ada Lovelace", Some("Wrote the first program."), Role::Admin),
        ("grace@example.com", "Grace Hopper", Some("Found the first bug."), Role::Member),
        ("edsger@example.com", "Edsger Dijkstra", None, Role::Member),
    ];
    let new_users = users.map(|(email, name, bio, role)| NewUser {
        id: None,
        email: email.to_owned(),
        name: name.to_owned(),
        bio: bio.map(str::to_owned),
        role: Some(role),
        created_at: None,
    });
    let added_users = User::insert_many(new_users).on_conflict(User::EMAIL).do_nothing().execute(&db).await?;
    let authors =
        User::select().filter(User::EMAIL.in_list(users.map(|u| u.0))).order_by(User::EMAIL).all(&db).await?;
    let author =
        |email: &str| authors.iter().find(|u| u.email == email).map(|u| u.id).ok_or("seed user missing");

    let posts = [
        ("ada@example.com", "notes-on-the-engine", "Notes on the Analytical Engine", true),
        ("grace@example.com", "compilers-for-everyone", "Compilers for everyone", true),
        ("edsger@example.com", "goto-considered-harmful", "Go To considered harmful", false),
    ];
    let mut new_posts = Vec::new();
    for (email, slug, title, published) in posts {
        new_posts.push(NewPost {
            author_id: author(email)?,
            slug: slug.to_owned(),
            title: title.to_owned(),
            body: format!("{title}: a short essay."),
            published: Some(published),
            created_at: None,
        });
    }
    let added_posts = Post::insert_many(new_posts).on_conflict(Post::SLUG).do_nothing().execute(&db).await?;
    let stored_posts = Post::select().order_by(Post::ID).all(&db).await?;

    let comments = [
        ("notes-on-the-engine", "grace@example.com", "The engine could do more than arithmetic."),
        ("compilers-for-everyone", "edsger@example.com", "Structured programs compile better."),
        ("compilers-for-everyone", "ada@example.com", "Machines should serve people."),
    ];
    let mut new_comments = Vec::new();
    for (index, (slug, email, body)) in comments.into_iter().enumerate() {
        let post = stored_posts.iter().find(|p| p.slug == slug).ok_or("seed post missing")?;
        new_comments.push(NewComment {
            id: Uuid::from_u128(0x5eed_0000_0000_0000_0000_0000_0000_0000 + index as u128),
            post_id: post.id,
            author_id: author(email)?,
            body: body.to_owned(),
            created_at: None,
        });
    }
    let added_comments =
        Comment::insert_many(new_comments).on_conflict(Comment::ID).do_nothing().execute(&db).await?;

    println!(
        "inserted {added_users} users, {added_posts} posts, {added_comments} comments (rows already present are kept)"
    );
    println!(
        "the database now holds {} users, {} posts, {} comments",
        User::select().count(&db).await?,
        Post::select().count(&db).await?,
        Comment::select().count(&db).await?,
    );
    Ok(())
}

/// Creates the blog schema unless the `users` table exists; returns whether it created it.
async fn create_schema_if_missing(db: &Db) -> Result<bool, BoxError> {
    let client = db.pool().get().await?;
    let exists: bool = client.query_one("SELECT to_regclass('public.users') IS NOT NULL", &[]).await?.get(0);
    drop(client);
    if exists {
        return Ok(false);
    }
    // One simple-query script runs as one transaction: all of the schema or none of it.
    db.batch_execute(&orm_migrate::create_sql(&blog::schema())).await?;
    Ok(true)
}
