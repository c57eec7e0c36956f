//! The blog's REST service: routes, handlers, and `orm::Error` mapped to HTTP statuses.
//!
//! Kept apart from `main.rs` so that the integration tests build the same router
//! (`tests/integration/axum_service.rs`) and call it without a socket.

use std::time::Duration;

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use orm::prelude::{Condition, Db, ExprOps, Table, Uuid};
use orm::validate::{FieldError, ValidationErrors};
use serde::{Deserialize, Deserializer, Serialize};

use super::blog::{Comment, NewPost, NewUser, Post, Profile, Role, User, UserPatch};

/// Rows per page when the client does not say.
pub const DEFAULT_PER_PAGE: u64 = 20;
/// The most rows one page returns, whatever the client asks.
pub const MAX_PER_PAGE: u64 = 100;

/// The service's routes over the blog at `db`.
pub fn router(db: Db) -> Router {
    Router::new()
        .route("/users", get(list_users).post(create_user))
        .route("/users/{id}", get(get_user).patch(update_user).delete(delete_user))
        .route("/users/{id}/posts", post(create_post))
        .route("/health", get(health))
        .with_state(db)
}

/// How long `GET /health` waits for the database before answering 503.
pub const HEALTH_TIMEOUT: Duration = Duration::from_secs(2);

/// `axum::Json` for request bodies, rejecting malformed JSON with an [`ApiError`]
/// (so that every error body is `{"error": ".."}`).
#[derive(FromRequest)]
#[from_request(via(Json), rejection(ApiError))]
pub struct Body<T>(pub T);

/// `axum::extract::Path`, rejecting a malformed id with an [`ApiError`].
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);

/// `axum::extract::Query`, rejecting malformed parameters with an [`ApiError`].
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Query<T>(pub T);

/// `?page=1&per_page=20&q=ada`
#[derive(Debug, Deserialize)]
pub struct ListParams {
    /// 1-based page number (default 1).
    pub page: Option<u64>,
    /// Rows per page (default 20, at most 100).
    pub per_page: Option<u64>,
    /// Keeps users whose name or email contains this text, ignoring case.
    pub q: Option<String>,
}

/// One page of users, in email order.
#[derive(Debug, Serialize)]
pub struct UserPage {
    /// The users of this page.
    pub users: Vec<User>,
    /// The page returned.
    pub page: u64,
    /// The page size used (after capping).
    pub per_page: u64,
    /// How many users match the filter, over all pages.
    pub total: u64,
}

/// A user with their profile, and their posts each with its comments.
#[derive(Debug, Serialize)]
pub struct UserDetail {
    /// The user's own fields.
    #[serde(flatten)]
    pub user: User,
    /// The profile, when the user has one.
    pub profile: Option<Profile>,
    /// The user's posts, oldest first.
    pub posts: Vec<PostDetail>,
}

/// A post with its comments.
#[derive(Debug, Serialize)]
pub struct PostDetail {
    /// The post's own fields.
    #[serde(flatten)]
    pub post: Post,
    /// Its comments, oldest first.
    pub comments: Vec<Comment>,
}

/// The body of `GET /health`: `{"status": "ok", "ping_ms": 0.4, "pool": {"max_size": 16,
/// "size": 2, "idle": 1, "in_use": 1, "waiting": 0}}`.
#[derive(Debug, Serialize)]
pub struct Health {
    /// `"ok"`, or `"unavailable"` when the database did not answer in time.
    pub status: &'static str,
    /// The database round trip in milliseconds, when it answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ping_ms: Option<f64>,
    /// The connection pool's numbers: a `waiting` steadily above 0 means the pool is too small.
    pub pool: orm::PoolStatus,
}

/// The body of `PATCH /users/{id}`: a missing field is left alone; `"bio": null` clears the bio.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    /// New login.
    pub email: Option<String>,
    /// New display name.
    pub name: Option<String>,
    /// New bio (`Some(None)`: set to NULL).
    #[serde(default, deserialize_with = "present")]
    pub bio: Option<Option<String>>,
    /// New role.
    pub role: Option<Role>,
}

/// The body of `POST /users/{id}/posts`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreatePost {
    /// URL name, unique.
    pub slug: String,
    /// Headline.
    pub title: String,
    /// Text.
    pub body: String,
    /// Visible to readers (default false).
    pub published: Option<bool>,
}

/// A field that is present, even as `null`, is `Some(..)`; an absent one stays `None` (`default`).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(de: D) -> Result<Option<T>, D::Error> {
    T::deserialize(de).map(Some)
}

async fn list_users(
    State(db): State<Db>,
    Query(params): Query<ListParams>,
) -> Result<Json<UserPage>, ApiError> {
    let page = params.page.unwrap_or(1).max(1);
    let per_page = params.per_page.unwrap_or(DEFAULT_PER_PAGE).clamp(1, MAX_PER_PAGE);
    let pattern = params.q.as_deref().filter(|q| !q.is_empty()).map(contains_pattern);
    let matching = || {
        let select = User::select();
        match &pattern {
            Some(pattern) => select.filter(name_or_email_like(pattern)),
            None => select,
        }
    };
    let total = matching().count(&db).await?;
    let users = matching()
        .order_by(User::EMAIL)
        .limit(per_page)
        .offset((page - 1).saturating_mul(per_page))
        .all(&db)
        .await?;
    Ok(Json(UserPage { users, page, per_page, total }))
}

/// `name ILIKE pattern OR email ILIKE pattern`.
fn name_or_email_like(pattern: &str) -> Condition<User> {
    User::NAME.ilike(pattern).or(User::EMAIL.ilike(pattern))
}

/// A LIKE pattern matching any text that contains `text` literally (its `%`, `_` and
/// `\` escaped).
fn contains_pattern(text: &str) -> String {
    format!("%{}%", orm::expr::like_literal(text))
}

/// 200 when the database answers within [`HEALTH_TIMEOUT`], else 503 (for a load
/// balancer's or an orchestrator's health check). Why it failed goes to the log only.
async fn health(State(db): State<Db>) -> (StatusCode, Json<Health>) {
    let answer = match tokio::time::timeout(HEALTH_TIMEOUT, db.ping()).await {
        Ok(answer) => answer.map_err(|err| err.to_string()),
        Err(_) => Err(format!("no answer within {HEALTH_TIMEOUT:?}")),
    };
    match answer {
        Ok(round_trip) => {
            let ping_ms = Some(round_trip.as_secs_f64() * 1000.0);
            (StatusCode::OK, Json(Health { status: "ok", ping_ms, pool: db.status() }))
        }
        Err(error) => {
            tracing::error!(%error, "health check: the database does not answer");
            let body = Health { status: "unavailable", ping_ms: None, pool: db.status() };
            (StatusCode::SERVICE_UNAVAILABLE, Json(body))
        }
    }
}

async fn get_user(State(db): State<Db>, Path(id): Path<Uuid>) -> Result<Json<UserDetail>, ApiError> {
    Ok(Json(load_user_detail(&db, id).await?))
}

/// The user with its profile and posts, each post with its comments: one nested
/// relation load, four statements whatever the number of posts (user, profile,
/// posts, then the comments of all those posts at once), so no N+1.
async fn load_user_detail(db: &Db, id: Uuid) -> orm::Result<UserDetail> {
    let (user, profile, posts) = User::select()
        .filter(User::ID.eq(id))
        .with((
            User::profile(),
            User::posts()
                .order_by(Post::ID)
                .with(Post::comments().order_by((Comment::CREATED_AT, Comment::ID))),
        ))
        .one(db)
        .await?;
    let posts = posts.into_iter().map(|(post, comments)| PostDetail { post, comments }).collect();
    Ok(UserDetail { user, profile, posts })
}

/// The body of `POST /users` is a `NewUser` in JSON: `email` and `name` required,
/// `bio`, `role` (`member` unless given), `metadata`, `id` and `created_at` optional.
/// `from_json` answers every missing, mistyped or too long field at once (422, with
/// `fields`), before any round trip.
async fn create_user(
    State(db): State<Db>,
    Body(body): Body<serde_json::Value>,
) -> Result<(StatusCode, Json<User>), ApiError> {
    let new = NewUser::from_json(body)?;
    let user = User::insert(new).returning().one(&db).await?;
    Ok((StatusCode::CREATED, Json(user)))
}

async fn update_user(
    State(db): State<Db>,
    Path(id): Path<Uuid>,
    Body(body): Body<UpdateUser>,
) -> Result<Json<User>, ApiError> {
    let patch = UserPatch {
        email: body.email,
        name: body.name,
        bio: body.bio,
        role: body.role,
        ..Default::default()
    };
    patch.validate()?;
    let user = User::update().patch(patch).filter(User::ID.eq(id)).returning().one(&db).await?;
    Ok(Json(user))
}

async fn delete_user(State(db): State<Db>, Path(id): Path<Uuid>) -> Result<StatusCode, ApiError> {
    match User::delete().filter(User::ID.eq(id)).execute(&db).await? {
        0 => Err(orm::Error::NotFound.into()),
        _ => Ok(StatusCode::NO_CONTENT),
    }
}

async fn create_post(
    State(db): State<Db>,
    Path(author_id): Path<Uuid>,
    Body(body): Body<CreatePost>,
) -> Result<(StatusCode, Json<Post>), ApiError> {
    let new = NewPost {
        author_id,
        slug: body.slug,
        title: body.title,
        body: body.body,
        published: body.published,
        created_at: None,
    };
    // An unknown author is the foreign key's to refuse (422), not a lookup first.
    let post = Post::insert(new).returning().one(&db).await?;
    Ok((StatusCode::CREATED, Json(post)))
}

/// Why a request failed, on its way to becoming an HTTP response: `{"error": ".."}`.
#[derive(Debug)]
pub enum ApiError {
    /// The database refused or failed; [`status_and_message`] picks the status.
    Orm(orm::Error),
    /// axum refused the request before it reached a handler (malformed JSON, id or query).
    Rejected {
        /// The status axum chose (400, 415, 422, ..).
        status: StatusCode,
        /// axum's explanation, about the request only.
        message: String,
    },
}

impl From<orm::Error> for ApiError {
    fn from(err: orm::Error) -> Self {
        ApiError::Orm(err)
    }
}

impl From<ValidationErrors> for ApiError {
    fn from(errors: ValidationErrors) -> Self {
        ApiError::Orm(errors.into())
    }
}

macro_rules! rejected_by_axum {
    ($($rejection:ty),+) => {$(
        impl From<$rejection> for ApiError {
            fn from(rejection: $rejection) -> Self {
                ApiError::Rejected { status: rejection.status(), message: rejection.body_text() }
            }
        }
    )+};
}
rejected_by_axum!(JsonRejection, PathRejection, QueryRejection);

/// The JSON body of every error response.
#[derive(Debug, Serialize)]
pub struct ErrorBody {
    /// What went wrong, in words safe to show a client (no SQL, no row values).
    pub error: String,
    /// Each invalid field, when the body failed validation:
    /// `[{"field": "email", "code": "too_long", "message": ".."}]`.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub fields: Vec<FieldError>,
}

/// The status and the client-safe message for `err`. The messages name a constraint
/// or a column at most: never the statement, and never the server's DETAIL (which
/// quotes row values).
pub fn status_and_message(err: &orm::Error) -> (StatusCode, String) {
    use orm::Error as E;
    match err {
        E::Validation(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors.to_string()),
        E::NotFound => (StatusCode::NOT_FOUND, "not found".to_owned()),
        E::UniqueViolation { constraint, .. } => {
            (StatusCode::CONFLICT, format!("already exists: unique constraint `{constraint}`"))
        }
        E::ForeignKeyViolation { constraint, .. } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("refers to a row that does not exist: foreign key `{constraint}`"),
        ),
        E::CheckViolation { constraint, .. } => {
            (StatusCode::UNPROCESSABLE_ENTITY, format!("invalid value: check constraint `{constraint}`"))
        }
        E::NotNullViolation { column, .. } => {
            (StatusCode::UNPROCESSABLE_ENTITY, format!("`{column}` is required and cannot be null"))
        }
        E::EmptyUpdate { .. } => {
            (StatusCode::UNPROCESSABLE_ENTITY, "nothing to update: the body sets no field".to_owned())
        }
        E::PoolTimeout => {
            (StatusCode::SERVICE_UNAVAILABLE, "the database is busy; try again shortly".to_owned())
        }
        // SQLSTATE class 22 (data exception): a value the server cannot take, such as a
        // NUL character in text. The client sent it, so it is the client's to fix.
        E::Db(db) if db.code().is_some_and(|code| code.code().starts_with("22")) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "a value cannot be stored (e.g. a NUL character in text)".to_owned(),
        ),
        _ => (StatusCode::INTERNAL_SERVER_ERROR, "internal server error".to_owned()),
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, error) = match &self {
            ApiError::Orm(err) => status_and_message(err),
            ApiError::Rejected { status, message } => (*status, message.clone()),
        };
        if status.is_server_error() {
            // The full error (its Debug keeps the driver's error, DETAIL included) goes
            // to the log only; the client gets the generic message.
            tracing::error!(error = ?self, status = status.as_u16(), "request failed");
        }
        let fields = match &self {
            ApiError::Orm(orm::Error::Validation(errors)) => errors.fields().to_vec(),
            _ => Vec::new(),
        };
        let mut response = (status, Json(ErrorBody { error, fields })).into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}
