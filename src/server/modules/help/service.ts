import {
  searchKey,
  type TCreateHelpArticleRequest,
  type THelpArticle,
  type THelpArticleList,
  type THelpArticleListQuery,
  type THelpArticleResponse,
  type THelpArticleSummary,
  type THelpVideo,
  type THelpVoteRequest,
  type TUpdateHelpArticleRequest,
  type TVideoInput,
  VIDEO_TYPES,
  videoEmbedUrl,
} from "../../../common/help";
import { excerptOf, plainTextOf } from "../../../common/markdown-text";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import type { HelpArticlesTable } from "../../platform/db/tables/help";
import { AppError, assertAllowed, notFound, validation } from "../../platform/errors";
import { recordEvent } from "../../platform/events";
import { newId, nowIso } from "../../platform/ids";
import { attachFiles, filesFor } from "../files/service";
import { articlePolicy, helpDecisions, readerOf } from "./policy";
import * as q from "./queries";

/*
 * Help articles (FAQs): admins write them in Markdown, file them in categories, attach pictures
 * and a video tutorial, and publish them; everyone signed in reads the published ones, searches
 * them and says whether they helped. The agency's counts (views, votes, suggestions) come with
 * each article for admins only.
 */

/** The owner type of an article's files (pictures, uploaded video): served by the rule in index.ts. */
export const ARTICLE_FILE_OWNER = "help_article";
/** The most articles one list or search returns (a FAQ, not an archive). */
const LIST_LIMIT = 200;
/** The most words one search looks for. */
const MAX_WORDS = 8;

/** The words of a search, lowered and without accents, each at most 40 characters. */
export function searchWords(text: string | undefined, options: { skipShort?: boolean } = {}): string[] {
  const words = searchKey(text ?? "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0 && (!options.skipShort || (w.length >= 3 && !STOP_WORDS.has(w))))
    .map((w) => w.slice(0, 40));
  return [...new Set(words)].slice(0, MAX_WORDS);
}

/** Words too common to suggest an article by (a ticket summary is full of them). */
const STOP_WORDS = new Set(
  "the and for not does doesnt cant cannot with from this that what when where why how our your you are was were can has have had but all any into out get got".split(
    " ",
  ),
);

function counts(row: q.ArticleRow, votes: { yes: number; no: number }) {
  return {
    views: Number(row.view_count),
    helpfulYes: votes.yes,
    helpfulNo: votes.no,
    suggestionsShown: Number(row.suggested_count),
    openedFromSuggestion: Number(row.suggestion_opened_count),
    deflections: Number(row.deflected_count),
    ticketsAfterSuggestion: Number(row.ticket_after_count),
  };
}

function presentSummary(actor: Actor, row: q.ArticleRow, votes: { yes: number; no: number }): THelpArticleSummary {
  return {
    id: row.id,
    title: row.title,
    category: { id: row.category_id, name: row.category_name },
    excerpt: excerptOf(row.body, 200),
    published: Number(row.published) === 1,
    hasVideo: Boolean(row.video_file_id || row.video_url),
    updatedAt: row.updated_at,
    // Why admins only: the agency's reading figures are not the clients' business.
    counts: actor.role === "admin" ? counts(row, votes) : null,
  };
}

async function presentArticle(db: Executor, actor: Actor, row: q.ArticleRow): Promise<THelpArticleResponse> {
  const [files, votes] = await Promise.all([filesFor(db, ARTICLE_FILE_OWNER, [row.id]), q.voteCounts(db, [row.id], actor.id)]);
  const own = files.get(row.id) ?? [];
  const mine = votes.get(row.id) ?? { yes: 0, no: 0, mine: null };
  const videoFile = row.video_file_id ? own.find((f) => f.id === row.video_file_id) : undefined;
  const video: THelpVideo = videoFile
    ? { kind: "file", file: videoFile }
    : row.video_url
      ? { kind: "link", url: row.video_url, embedUrl: videoEmbedUrl(row.video_url) }
      : null;
  const data: THelpArticle = {
    ...presentSummary(actor, row, mine),
    body: row.body,
    video,
    images: own.filter((f) => f.isImage),
    helpful: mine,
  };
  return { data, policies: articlePolicy(actor) };
}

async function loadReadable(db: Executor, actor: Actor, id: string): Promise<q.ArticleRow> {
  const row = await q.findReadableArticle(db, readerOf(actor), id);
  if (!row) throw notFound("Help article");
  return row;
}

/** The files module names its refusal `fileIds`; the article's request calls the field otherwise. */
const renameField = (field: string) => (error: unknown) => {
  if (error instanceof AppError && error.code === "validation_error") throw validation(field, error.message);
  throw error;
};

/** A hosted video's address: https only (no http:, javascript: or data: — it becomes a link and a frame). */
function videoLink(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw validation("video.url", "Enter the video's full address, starting with https://.");
  }
  if (url.protocol !== "https:" || !url.hostname) throw validation("video.url", "Enter a video address starting with https://.");
  return url.toString();
}

/**
 * The article's video columns after `input`: a link checked; a new uploaded file attached to the
 * article (the admin's own pending upload of a playable type), the current one kept.
 */
async function videoColumns(
  tx: Executor,
  actor: Actor,
  articleId: string,
  input: TVideoInput,
  current: Pick<HelpArticlesTable, "video_file_id">,
): Promise<Pick<HelpArticlesTable, "video_file_id" | "video_url">> {
  switch (input.kind) {
    case "none":
      return { video_file_id: null, video_url: null };
    case "link":
      return { video_file_id: null, video_url: videoLink(input.url) };
    case "file": {
      if (input.fileId !== current.video_file_id) {
        await attachFiles(tx, actor, [input.fileId], { type: ARTICLE_FILE_OWNER, id: articleId, accountId: null }).catch(
          renameField("video.fileId"),
        );
        const attached = (await filesFor(tx, ARTICLE_FILE_OWNER, [articleId])).get(articleId)?.find((f) => f.id === input.fileId);
        // The transaction rolls back, so the upload stays the admin's pending file.
        if (!attached || !(VIDEO_TYPES as readonly string[]).includes(attached.contentType)) {
          throw validation("video.fileId", "Upload the video as an MP4, WebM or Ogg file.");
        }
      }
      return { video_file_id: input.fileId, video_url: null };
    }
    default: {
      const never: never = input;
      return never;
    }
  }
}

/** Attaches newly uploaded pictures for the body (ids already on the article are kept as they are). */
async function attachImages(tx: Executor, actor: Actor, articleId: string, ids: string[] | undefined): Promise<void> {
  if (!ids?.length) return;
  const owned = new Set(((await filesFor(tx, ARTICLE_FILE_OWNER, [articleId])).get(articleId) ?? []).map((f) => f.id));
  const fresh = [...new Set(ids)].filter((id) => !owned.has(id));
  if (fresh.length === 0) return;
  await attachFiles(tx, actor, fresh, { type: ARTICLE_FILE_OWNER, id: articleId, accountId: null }).catch(renameField("imageFileIds"));
  const files = (await filesFor(tx, ARTICLE_FILE_OWNER, [articleId])).get(articleId) ?? [];
  if (files.some((f) => fresh.includes(f.id) && !f.isImage)) {
    throw validation("imageFileIds", "Pictures must be PNG, JPEG, GIF or WebP images.");
  }
}

const searchColumns = (title: string, body: string) => ({ search_title: searchKey(title), search_body: searchKey(plainTextOf(body)) });

async function categoryOrFail(tx: Executor, id: string) {
  const category = await q.findCategory(tx, id);
  if (!category) throw validation("categoryId", "Choose one of the help categories.");
  return category;
}

/** An admin writes an article: its words, category, pictures, video, and whether clients see it yet. */
export async function createArticle(ctx: AppContext, actor: Actor, input: TCreateHelpArticleRequest): Promise<THelpArticleResponse> {
  assertAllowed(helpDecisions(actor).manage);
  const title = input.title.trim();
  if (!title) throw validation("title", "Give the article a title.");
  if (!input.body.trim()) throw validation("body", "Write the article's answer.");
  return ctx.db.transaction().execute(async (tx) => {
    await categoryOrFail(tx, input.categoryId);
    const id = newId();
    const now = nowIso();
    const published = input.published ?? false;
    await q.insertArticle(tx, {
      id,
      category_id: input.categoryId,
      title,
      body: input.body,
      ...searchColumns(title, input.body),
      published: published ? 1 : 0,
      video_file_id: null,
      video_url: null,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
    });
    if (input.video) await q.updateArticleRow(tx, id, await videoColumns(tx, actor, id, input.video, { video_file_id: null }));
    await attachImages(tx, actor, id, input.imageFileIds);
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "help_article.created",
      objectType: "help_article",
      objectId: id,
      payload: { articleId: id, title, published },
    });
    return presentArticle(tx, actor, await loadReadable(tx, actor, id));
  });
}

/** An admin changes an article (any of its parts); publishing and unpublishing are changes too. */
export async function updateArticle(
  ctx: AppContext,
  actor: Actor,
  id: string,
  patch: TUpdateHelpArticleRequest,
): Promise<THelpArticleResponse> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await loadReadable(tx, actor, id);
    assertAllowed(helpDecisions(actor).manage);
    const set: Parameters<typeof q.updateArticleRow>[2] = {};
    const changes: string[] = [];
    const title = patch.title?.trim() ?? row.title;
    if (patch.title !== undefined && !title) throw validation("title", "Give the article a title.");
    if (patch.body !== undefined && !patch.body.trim()) throw validation("body", "Write the article's answer.");
    const body = patch.body ?? row.body;
    if (title !== row.title) changes.push("title");
    if (body !== row.body) changes.push("body");
    if (changes.length) Object.assign(set, { title, body, ...searchColumns(title, body) });
    if (patch.categoryId !== undefined && patch.categoryId !== row.category_id) {
      await categoryOrFail(tx, patch.categoryId);
      set.category_id = patch.categoryId;
      changes.push("category");
    }
    if (patch.published !== undefined && (patch.published ? 1 : 0) !== Number(row.published)) {
      set.published = patch.published ? 1 : 0;
      changes.push("published");
    }
    if (patch.video !== undefined) {
      const video = await videoColumns(tx, actor, id, patch.video, row);
      if (video.video_file_id !== row.video_file_id || video.video_url !== row.video_url) {
        Object.assign(set, video);
        changes.push("video");
      }
    }
    if (patch.imageFileIds?.length) {
      await attachImages(tx, actor, id, patch.imageFileIds);
      changes.push("images");
    }
    if (changes.length > 0) {
      await q.updateArticleRow(tx, id, { ...set, updated_at: nowIso() });
      const published = set.published === undefined ? Number(row.published) === 1 : set.published === 1;
      await recordEvent(tx, {
        actorId: actor.id,
        verb: "help_article.updated",
        objectType: "help_article",
        objectId: id,
        payload: { articleId: id, title, changes, published },
      });
    }
    return presentArticle(tx, actor, await loadReadable(tx, actor, id));
  });
}

/** One article the actor may read: its words, video, pictures and votes (and the counts, for admins). */
export async function getArticle(ctx: AppContext, actor: Actor, id: string): Promise<THelpArticleResponse> {
  return presentArticle(ctx.db, actor, await loadReadable(ctx.db, actor, id));
}

/**
 * The articles the actor may read, in a category and/or matching words (every word found in the
 * title or body; title matches first), else by category order and title.
 */
export async function listArticles(ctx: AppContext, actor: Actor, query: THelpArticleListQuery): Promise<THelpArticleList> {
  const rows = await q.searchArticles(ctx.db, readerOf(actor), {
    words: searchWords(query.q),
    match: "all",
    categoryId: query.categoryId,
    limit: LIST_LIMIT,
  });
  const votes =
    actor.role === "admin"
      ? await q.voteCounts(
          ctx.db,
          rows.map((r) => r.id),
          actor.id,
        )
      : new Map();
  return {
    data: rows.map((row) => presentSummary(actor, row, votes.get(row.id) ?? { yes: 0, no: 0 })),
    policies: { manage: helpDecisions(actor).manage.allowed },
  };
}

/** "Was this helpful?": the actor's one vote on an article they can read, replaced when they change it. */
export async function voteOnArticle(ctx: AppContext, actor: Actor, id: string, input: THelpVoteRequest): Promise<THelpArticleResponse> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await loadReadable(tx, actor, id);
    assertAllowed(helpDecisions(actor).vote);
    await q.upsertVote(tx, { articleId: id, userId: actor.id, helpful: input.helpful, at: nowIso() });
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "help_article.voted",
      objectType: "help_article",
      objectId: id,
      payload: { articleId: id, title: row.title, helpful: input.helpful },
    });
    return presentArticle(tx, actor, row);
  });
}
