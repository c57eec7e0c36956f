//! Soft delete: `delete()` marks rows, selects and relation loads skip them unless
//! `.with_deleted()`, `.hard()` removes them for real.

use orm::prelude::*;

use crate::schema::*;

async fn notes(db: &Db, user: &User, bodies: &[&str]) -> Vec<Note> {
    let rows =
        bodies.iter().map(|body| NewNote { user_id: user.id, body: (*body).to_owned(), deleted_at: None });
    Note::insert_many(rows.collect::<Vec<_>>()).returning().all(db).await.unwrap()
}

#[tokio::test]
async fn delete_marks_and_selects_skip_marked_rows() {
    let db = blog_db().await;
    let ada = insert_user(&db, "ada@x.io", "Ada").await;
    let written = notes(&db, &ada, &["keep", "drop"]).await;

    let marked = Note::delete().filter(Note::BODY.eq("drop")).execute(&*db).await.unwrap();
    assert_eq!(marked, 1);
    let again = Note::delete().filter(Note::BODY.eq("drop")).execute(&*db).await.unwrap();
    assert_eq!(again, 0, "a marked row is not marked again");

    let live: Vec<String> = Note::select().columns(Note::BODY).all(&*db).await.unwrap();
    assert_eq!(live, ["keep"]);
    assert_eq!(Note::select().count(&*db).await.unwrap(), 1);
    let all = Note::select().with_deleted().order_by(Note::ID).all(&*db).await.unwrap();
    assert_eq!(all.len(), 2);
    assert!(all[1].deleted_at.is_some(), "the row is still there, marked");
    assert_eq!(all[1].id, written[1].id);

    let removed = Note::delete().filter(Note::BODY.eq("drop")).hard().execute(&*db).await.unwrap();
    assert_eq!(removed, 1);
    assert_eq!(Note::select().with_deleted().count(&*db).await.unwrap(), 1, "hard() removed it for real");
}

#[tokio::test]
async fn relation_loads_skip_soft_deleted_rows() {
    let db = blog_db().await;
    let ada = insert_user(&db, "ada@x.io", "Ada").await;
    let bob = insert_user(&db, "bob@x.io", "Bob").await;
    notes(&db, &ada, &["a1", "a2"]).await;
    notes(&db, &bob, &["b1"]).await;
    Note::delete().filter(Note::BODY.in_list(["a2", "b1"])).execute(&*db).await.unwrap();

    let loaded = User::select()
        .order_by(User::EMAIL)
        .with(User::notes().order_by(Note::BODY))
        .all(&*db)
        .await
        .unwrap();
    let shape: Vec<(&str, Vec<&str>)> =
        loaded.iter().map(|(u, n)| (u.name.as_str(), n.iter().map(|n| n.body.as_str()).collect())).collect();
    assert_eq!(shape, [("Ada", vec!["a1"]), ("Bob", vec![])]);

    let everything = User::select()
        .order_by(User::EMAIL)
        .with(User::notes().with_deleted().order_by(Note::BODY))
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(everything.iter().map(|(_, n)| n.len()).collect::<Vec<_>>(), [2, 1]);
}

#[test]
fn soft_delete_renders_an_update() {
    assert_eq!(
        Note::delete().filter(Note::ID.eq(1)).to_sql(),
        r#"UPDATE "notes" SET "deleted_at" = now() WHERE "notes"."deleted_at" IS NULL AND "notes"."id" = $1"#
    );
    assert_eq!(
        Note::delete().filter(Note::ID.eq(1)).hard().to_sql(),
        r#"DELETE FROM "notes" WHERE "notes"."id" = $1"#
    );
    assert_eq!(
        Note::select().columns(Note::ID).to_sql(),
        r#"SELECT "notes"."id" FROM "notes" WHERE "notes"."deleted_at" IS NULL"#
    );
}
