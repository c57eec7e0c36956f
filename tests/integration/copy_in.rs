//! `copy_in`: COPY .. FROM STDIN (FORMAT binary) from derived insert structs.

use orm::Error;
use orm::prelude::*;

use crate::schema::*;

fn users(count: usize, prefix: &str) -> Vec<NewUser> {
    (0..count)
        .map(|i| {
            let mut user = new_user(&format!("{prefix}{i}@x.io"), &format!("User {i}"));
            // Every third row gives a role and a score; the others leave them to the server.
            if i % 3 == 0 {
                user.role = Some(Role::Admin);
                user.score = Some(i as i32);
                user.bio = Some(format!("it's \\ row {i}"));
            }
            user
        })
        .collect()
}

#[tokio::test]
async fn copies_rows_with_their_values_and_leaves_defaults_to_the_server() {
    let db = blog_db().await;
    let loaded = User::copy_in(users(3000, "u")).execute(&*db).await.unwrap();
    assert_eq!(loaded, 3000);
    let stored = User::select().order_by(User::SCORE).all(&*db).await.unwrap();
    assert_eq!(stored.len(), 3000);
    let admins: Vec<&User> = stored.iter().filter(|u| u.role == Role::Admin).collect();
    assert_eq!(admins.len(), 1000);
    assert!(admins.iter().all(|u| u.bio.as_deref() == Some(&*format!("it's \\ row {}", u.score))));
    let members: Vec<&User> = stored.iter().filter(|u| u.role == Role::Member).collect();
    assert_eq!(members.len(), 2000, "the default 'member' filled by the server");
    assert!(members.iter().all(|u| u.score == 0 && u.bio.is_none()));
    let distinct_ids: std::collections::HashSet<_> = stored.iter().map(|u| u.id).collect();
    assert_eq!(distinct_ids.len(), 3000, "gen_random_uuid() ran per row");
}

#[tokio::test]
async fn a_failing_row_loads_nothing_even_across_groups() {
    let db = blog_db().await;
    let mut rows = users(10, "dup");
    rows.push(new_user("dup1@x.io", "again")); // same email as row 1, in the second group
    let err = User::copy_in(rows).execute(&*db).await.unwrap_err();
    assert!(
        matches!(err, Error::UniqueViolation { ref constraint, .. } if constraint == "users_email_key"),
        "{err:?}"
    );
    assert_eq!(User::select().count(&*db).await.unwrap(), 0);
}

#[tokio::test]
async fn inside_a_transaction_it_rolls_back_with_it() {
    let db = blog_db().await;
    let result: Result<(), Error> = db
        .transaction(async |tx| {
            User::copy_in(users(50, "tx")).execute(tx).await?;
            assert_eq!(User::select().count(tx).await?, 50);
            Err(Error::NotFound)
        })
        .await;
    assert!(matches!(result, Err(Error::NotFound)));
    assert_eq!(User::select().count(&*db).await.unwrap(), 0);
    assert_eq!(User::copy_in(Vec::new()).execute(&*db).await.unwrap(), 0);
}
