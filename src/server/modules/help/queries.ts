import { type ExpressionBuilder, type Insertable, type RawBuilder, type SqlBool, sql, type Updateable } from "kysely";
import type { Executor } from "../../platform/db/database";
import type { Database } from "../../platform/db/schema";
import type { HelpArticlesTable, HelpCategoriesTable } from "../../platform/db/tables/help";

/*
 * The help module owns `help_categories`, `help_articles` and `help_votes`.
 *
 * Who reads an article (the module's whole scope): an admin every article, drafts too; everyone
 * else signed in only published ones. Articles belong to the agency, not to a client account,
 * so there is no account scope — and a draft outside the rule is a 404, as anything unseen.
 */

type Db = Executor;

/** May these readers see drafts? Only admins write articles, so only they read drafts. */
export interface Reader {
  drafts: boolean;
}

const readable = (reader: Reader) => (eb: ExpressionBuilder<Database, "help_articles">) =>
  reader.drafts ? sql<SqlBool>`1 = 1` : eb("help_articles.published", "=", 1);

function articlesWithCategory(db: Db) {
  return db
    .selectFrom("help_articles")
    .innerJoin("help_categories", "help_categories.id", "help_articles.category_id")
    .selectAll("help_articles")
    .select(["help_categories.name as category_name"]);
}

export type ArticleRow = Awaited<ReturnType<ReturnType<typeof articlesWithCategory>["executeTakeFirstOrThrow"]>>;

/** One article the reader may see; undefined (→ 404) otherwise. */
export function findReadableArticle(db: Db, reader: Reader, id: string): Promise<ArticleRow | undefined> {
  return articlesWithCategory(db).where("help_articles.id", "=", id).where(readable(reader)).executeTakeFirst();
}

/** LIKE pattern for a word anywhere: the wildcards a person typed are matched as themselves. */
const containing = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
// Why ESCAPE: SQLite has no default escape character; saying it makes both databases read `\%` alike.
const like = (column: "help_articles.search_title" | "help_articles.search_body", word: string): RawBuilder<SqlBool> =>
  sql<SqlBool>`${sql.ref(column)} like ${containing(word)} escape '\\'`;

/**
 * How well an article matches the words: each word in the title counts 2, in the body 1 — so an
 * article naming the words in its title ranks above one that only mentions them.
 */
function rankOf(words: string[]): RawBuilder<number> {
  const parts = words.map(
    (w) =>
      sql`(case when ${like("help_articles.search_title", w)} then 2 else 0 end + case when ${like("help_articles.search_body", w)} then 1 else 0 end)`,
  );
  return parts.length ? sql<number>`(${sql.join(parts, sql` + `)})` : sql<number>`0`;
}

export interface ArticleSearch {
  /** Lower-cased words (searchKey); empty: every article. */
  words: string[];
  /** `all`: every word must be found (the Help page's search); `any`: one is enough (suggestions). */
  match: "all" | "any";
  categoryId?: string;
  limit: number;
}

/**
 * The articles the reader may see that match, best first (title matches above body matches),
 * then by category order and title. Words are bounded by the caller (at most a few, each short).
 */
export function searchArticlesQuery(db: Db, reader: Reader, search: ArticleSearch) {
  const matchWord = (w: string) => sql<SqlBool>`(${like("help_articles.search_title", w)} or ${like("help_articles.search_body", w)})`;
  return articlesWithCategory(db)
    .select(rankOf(search.words).as("rank"))
    .where(readable(reader))
    .$if(search.categoryId !== undefined, (q) => q.where("help_articles.category_id", "=", search.categoryId ?? ""))
    .$if(search.words.length > 0, (q) =>
      q.where((eb) => (search.match === "all" ? eb.and(search.words.map(matchWord)) : eb.or(search.words.map(matchWord)))),
    )
    .orderBy("rank", "desc")
    .orderBy("help_categories.position")
    .orderBy("help_articles.title")
    .limit(search.limit);
}

export function searchArticles(db: Db, reader: Reader, search: ArticleSearch) {
  return searchArticlesQuery(db, reader, search).execute();
}

/** Yes and no votes per article, and the person's own. */
export async function voteCounts(db: Db, articleIds: string[], userId: string) {
  const counts = new Map<string, { yes: number; no: number; mine: boolean | null }>(
    articleIds.map((id) => [id, { yes: 0, no: 0, mine: null }]),
  );
  if (articleIds.length === 0) return counts;
  const rows = await db
    .selectFrom("help_votes")
    .select((eb) => [
      "help_votes.article_id",
      eb.fn.sum<number>(eb.case().when("help_votes.helpful", "=", 1).then(1).else(0).end()).as("yes"),
      eb.fn.sum<number>(eb.case().when("help_votes.helpful", "=", 0).then(1).else(0).end()).as("no"),
      eb.fn
        .max<number>(eb.case().when("help_votes.user_id", "=", userId).then(sql<number>`help_votes.helpful + 1`).else(0).end())
        .as("mine"),
    ])
    .where("help_votes.article_id", "in", articleIds)
    .groupBy("help_votes.article_id")
    .execute();
  for (const r of rows) {
    const mine = Number(r.mine);
    counts.set(r.article_id, { yes: Number(r.yes ?? 0), no: Number(r.no ?? 0), mine: mine === 0 ? null : mine === 2 });
  }
  return counts;
}

export async function insertArticle(tx: Db, row: Insertable<HelpArticlesTable>): Promise<void> {
  await tx.insertInto("help_articles").values(row).execute();
}

export async function updateArticleRow(tx: Db, id: string, patch: Updateable<HelpArticlesTable>): Promise<void> {
  await tx.updateTable("help_articles").set(patch).where("id", "=", id).execute();
}

/** The reader's vote: one row per person and article, replaced when they change their mind. */
export async function upsertVote(tx: Db, input: { articleId: string; userId: string; helpful: boolean; at: string }): Promise<void> {
  const helpful = input.helpful ? 1 : 0;
  await tx
    .insertInto("help_votes")
    .values({ article_id: input.articleId, user_id: input.userId, helpful, created_at: input.at, updated_at: input.at })
    .onConflict((oc) => oc.columns(["article_id", "user_id"]).doUpdateSet({ helpful, updated_at: input.at }))
    .execute();
}

/** The counters the web app's signals raise (see THelpSignalKind). */
export type ArticleCounter = "view_count" | "suggested_count" | "suggestion_opened_count" | "deflected_count" | "ticket_after_count";

/** Adds one to a counter of these published articles (drafts and unknown ids are skipped); returns the ones counted. */
export async function bumpCounter(tx: Db, counter: ArticleCounter, articleIds: string[]) {
  const rows = await tx
    .selectFrom("help_articles")
    .select(["id", "title"])
    .where("id", "in", articleIds)
    .where("published", "=", 1)
    .execute();
  if (rows.length === 0) return rows;
  await tx
    .updateTable("help_articles")
    .set({ [counter]: sql`${sql.ref(counter)} + 1` })
    .where(
      "id",
      "in",
      rows.map((r) => r.id),
    )
    .execute();
  return rows;
}

// Categories.

/** Every category in order, with how many articles the reader may see in each. */
export function listCategories(db: Db, reader: Reader) {
  return db
    .selectFrom("help_categories")
    .leftJoin("help_articles", (join) => {
      const inCategory = join.onRef("help_articles.category_id", "=", "help_categories.id");
      return reader.drafts ? inCategory : inCategory.on("help_articles.published", "=", 1);
    })
    .select((eb) => [
      "help_categories.id",
      "help_categories.name",
      "help_categories.position",
      eb.fn.count<number>("help_articles.id").as("article_count"),
    ])
    .groupBy(["help_categories.id", "help_categories.name", "help_categories.position"])
    .orderBy("help_categories.position")
    .orderBy("help_categories.name")
    .execute();
}

export function findCategory(db: Db, id: string) {
  return db.selectFrom("help_categories").selectAll().where("id", "=", id).executeTakeFirst();
}

export function findCategoryByKey(db: Db, nameKey: string) {
  return db.selectFrom("help_categories").selectAll().where("name_key", "=", nameKey).executeTakeFirst();
}

export async function lastCategoryPosition(db: Db): Promise<number> {
  const row = await db
    .selectFrom("help_categories")
    .select((eb) => eb.fn.max("position").as("p"))
    .executeTakeFirst();
  return row?.p === null || row?.p === undefined ? -1 : Number(row.p);
}

export async function insertCategory(tx: Db, row: HelpCategoriesTable): Promise<void> {
  await tx.insertInto("help_categories").values(row).execute();
}

export async function updateCategoryRow(tx: Db, id: string, patch: Updateable<HelpCategoriesTable>): Promise<void> {
  await tx.updateTable("help_categories").set(patch).where("id", "=", id).execute();
}

export async function countArticlesIn(db: Db, categoryId: string): Promise<number> {
  const row = await db
    .selectFrom("help_articles")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("category_id", "=", categoryId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function deleteCategoryRow(tx: Db, id: string): Promise<void> {
  await tx.deleteFrom("help_categories").where("id", "=", id).execute();
}
