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

async fn folder(db: &Db, name: &str, parent: Option<i64>) -> Folder {
    Folder::insert(NewFolder { name: name.into(), parent_id: parent, deleted_at: None })
        .returning()
        .one(db)
        .await
        .unwrap()
}

#[tokio::test]
async fn belongs_to_still_finds_a_soft_deleted_parent() {
    let db = blog_db().await;
    let kept = folder(&db, "kept", None).await;
    let gone = folder(&db, "gone", None).await;
    for (folder_id, title) in [(kept.id, "a"), (gone.id, "b")] {
        Doc::insert(NewDoc { folder_id, title: title.into() }).execute(&*db).await.unwrap();
    }
    Folder::delete().filter(Folder::ID.eq(gone.id)).execute(&*db).await.unwrap();

    let docs = Doc::select().order_by(Doc::TITLE).with(Doc::folder()).all(&*db).await.unwrap();
    let shape: Vec<(&str, &str, bool)> =
        docs.iter().map(|(d, f)| (d.title.as_str(), f.name.as_str(), f.deleted_at.is_some())).collect();
    assert_eq!(shape, [("a", "kept", false), ("b", "gone", true)], "the referenced row, marked or not");
    let folders = Folder::select().with(Folder::docs()).all(&*db).await.unwrap();
    assert_eq!(folders.len(), 1, "selecting the soft-deleted table itself still skips the marked row");
}

#[tokio::test]
async fn many_to_many_skips_soft_deleted_links() {
    let db = blog_db().await;
    let home = folder(&db, "home", None).await;
    let doc =
        Doc::insert(NewDoc { folder_id: home.id, title: "d".into() }).returning().one(&*db).await.unwrap();
    let labels = Label::insert_many(["x", "y"].map(|n| NewLabel { name: n.into() }))
        .returning()
        .all(&*db)
        .await
        .unwrap();
    DocLabel::insert_many(labels.iter().map(|l| NewDocLabel {
        doc_id: doc.id,
        label_id: l.id,
        deleted_at: None,
    }))
    .execute(&*db)
    .await
    .unwrap();
    DocLabel::delete().filter(DocLabel::LABEL_ID.eq(labels[1].id)).execute(&*db).await.unwrap();
    let loaded = Doc::select().with(Doc::labels().order_by(Label::NAME)).one(&*db).await.unwrap();
    assert_eq!(loaded.1.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(), ["x"]);
}

#[tokio::test]
async fn outer_reaches_the_enclosing_query_even_on_the_same_table() {
    let db = blog_db().await;
    let root = folder(&db, "root", None).await;
    folder(&db, "child", Some(root.id)).await;
    folder(&db, "orphan", None).await;
    let with_parent: Vec<String> = Folder::select()
        .columns(Folder::NAME)
        .filter(exists(Folder::select().filter(Folder::ID.eq(outer(Folder::PARENT_ID)))))
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(with_parent, ["child"], "the subquery's folders are not the outer query's");
}
