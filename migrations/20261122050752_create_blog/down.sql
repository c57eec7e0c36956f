-- Undoes 20261122050752_create_blog. Not run by `migrate`; apply it by hand to go back.

-- undo: create index "post_tags_tag_id_idx" on "post_tags"
DROP INDEX "post_tags_tag_id_idx";

-- undo: create index "comments_post_id_idx" on "comments"
DROP INDEX "comments_post_id_idx";

-- undo: create index "comments_author_id_idx" on "comments"
DROP INDEX "comments_author_id_idx";

-- undo: create index "posts_published_created_at_idx" on "posts"
DROP INDEX "posts_published_created_at_idx";

-- undo: create index "posts_author_id_idx" on "posts"
DROP INDEX "posts_author_id_idx";

-- undo: create table "profiles"
DROP TABLE "profiles";

-- undo: create table "post_tags"
DROP TABLE "post_tags";

-- undo: create table "comments"
DROP TABLE "comments";

-- undo: create table "posts"
DROP TABLE "posts";

-- undo: create table "users"
DROP TABLE "users";

-- undo: create table "tags"
DROP TABLE "tags";

-- undo: create enum type "user_role"
DROP TYPE "user_role";
