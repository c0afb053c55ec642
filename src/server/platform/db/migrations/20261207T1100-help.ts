import type { Kysely } from "kysely";

/**
 * Help (FAQs): articles in categories, votes, and the counts the agency reads per article.
 *
 * `help_categories`: an admin-ordered list of names (`name_key`, the lower-cased name, is unique
 * so "Billing" and "billing " are one category). A category is deleted only when empty.
 *
 * `help_articles`: one row per article — Markdown `body`, `published` 0/1 (clients see only
 * published ones), an optional video (`video_file_id`, a file owned by the article, or
 * `video_url`, an https address). `search_title` and `search_body` hold the title and the body's
 * plain text lowered and without accents (common/help.ts `searchKey`), so one LIKE finds words on
 * both databases alike. The counters are what the web app reports (views, suggestions shown,
 * opened, deflected, tickets raised after a suggestion), counted for clients only.
 *
 * `help_votes`: "Was this helpful?" — one row per person and article, changeable.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("help_categories")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("name_key", "text", (c) => c.notNull().unique())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("help_articles")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("category_id", "text", (c) => c.notNull().references("help_categories.id"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("search_title", "text", (c) => c.notNull())
    .addColumn("search_body", "text", (c) => c.notNull())
    .addColumn("published", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("video_file_id", "text")
    .addColumn("video_url", "text")
    .addColumn("view_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("suggested_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("suggestion_opened_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("deflected_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("ticket_after_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  // The Help page lists a category's published articles; counts per category.
  await db.schema.createIndex("help_articles_category_idx").on("help_articles").columns(["category_id", "published"]).execute();

  await db.schema
    .createTable("help_votes")
    .addColumn("article_id", "text", (c) => c.notNull().references("help_articles.id"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("helpful", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("help_votes_pk", ["article_id", "user_id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("help_votes").execute();
  await db.schema.dropTable("help_articles").execute();
  await db.schema.dropTable("help_categories").execute();
}
