/**
 * Help (seed 003 §7 "Additional Resources"): FAQ articles in categories, written by admins in
 * Markdown, searched and rated by everyone; an article can carry a video tutorial (an uploaded
 * file or a hosted link); the question box opens a support ticket; matching articles are
 * suggested while a client writes a new ticket. Request and response schemas shared by server
 * and web.
 */
import { type Static, Type } from "typebox";
import { ZFile } from "./conversations";
import { ZId } from "./schemas";

/** The guide's words (seed 003 §7), shown on the Help page. */
export const HELP_WORDS = {
  videos: "We will be providing some video tutorials in the near future.",
  questions: "Send us your questions about the Client Portal",
  questionsDetail: "so we can answer and help future users.",
  suggestions: "These articles may answer your question",
} as const;

/** The ticket category the question box files its tickets under (created on first use). */
export const FAQ_TICKET_CATEGORY = "Client Portal questions";

export const MAX_HELP_CATEGORY_NAME = 80;
export const MAX_HELP_TITLE = 160;
export const MAX_HELP_BODY = 50_000;
export const MAX_HELP_QUERY = 200;
export const MAX_HELP_QUESTION = 5_000;
export const MAX_VIDEO_URL = 2_000;
/** The most suggestions shown under a new ticket's summary. */
export const MAX_SUGGESTIONS = 3;
/** The most pictures one article carries. */
export const MAX_HELP_IMAGES = 10;

/** Video files a browser's `<video>` plays: what an admin may upload as an article's video. */
export const VIDEO_TYPES = ["video/mp4", "video/webm", "video/ogg"] as const;

const categoryName = Type.String({ minLength: 1, maxLength: MAX_HELP_CATEGORY_NAME, description: "The category's name" });

export const ZCreateHelpCategoryRequest = Type.Object({ name: categoryName });
export type TCreateHelpCategoryRequest = Static<typeof ZCreateHelpCategoryRequest>;

export const ZUpdateHelpCategoryRequest = Type.Object(
  { name: Type.Optional(categoryName), position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })) },
  { minProperties: 1 },
);
export type TUpdateHelpCategoryRequest = Static<typeof ZUpdateHelpCategoryRequest>;

export const ZHelpCategory = Type.Object({
  id: ZId,
  name: Type.String(),
  position: Type.Integer(),
  /** Articles in it the viewer can read (clients: published ones). */
  articleCount: Type.Integer(),
});
export type THelpCategory = Static<typeof ZHelpCategory>;
export const ZHelpCategoryList = Type.Object({ data: Type.Array(ZHelpCategory) });
export type THelpCategoryList = Static<typeof ZHelpCategoryList>;
export const ZHelpCategoryResponse = Type.Object({ data: ZHelpCategory });

const title = Type.String({ minLength: 1, maxLength: MAX_HELP_TITLE, description: "The question or topic" });
const body = Type.String({ minLength: 1, maxLength: MAX_HELP_BODY, description: "Markdown" });
/**
 * The article's video: `file` an uploaded video (POST /api/files; MP4, WebM or Ogg), `link` an
 * https address of a hosted video (YouTube and Vimeo play in the page), `none` no video.
 */
const video = Type.Union([
  Type.Object({ kind: Type.Literal("none") }),
  Type.Object({ kind: Type.Literal("file"), fileId: ZId }),
  Type.Object({ kind: Type.Literal("link"), url: Type.String({ minLength: 1, maxLength: MAX_VIDEO_URL }) }),
]);
export type TVideoInput = Static<typeof video>;
/** Pictures uploaded for the body (POST /api/files), referenced in it as `![…](/api/files/ID/download)`. */
const imageFileIds = Type.Array(ZId, { maxItems: MAX_HELP_IMAGES, description: "Ids of pictures uploaded with POST /api/files" });

export const ZCreateHelpArticleRequest = Type.Object({
  title,
  body,
  categoryId: ZId,
  published: Type.Optional(Type.Boolean()),
  video: Type.Optional(video),
  imageFileIds: Type.Optional(imageFileIds),
});
export type TCreateHelpArticleRequest = Static<typeof ZCreateHelpArticleRequest>;

export const ZUpdateHelpArticleRequest = Type.Object(
  {
    title: Type.Optional(title),
    body: Type.Optional(body),
    categoryId: Type.Optional(ZId),
    published: Type.Optional(Type.Boolean()),
    video: Type.Optional(video),
    imageFileIds: Type.Optional(imageFileIds),
  },
  { minProperties: 1 },
);
export type TUpdateHelpArticleRequest = Static<typeof ZUpdateHelpArticleRequest>;

export const ZHelpArticleListQuery = Type.Object({
  /** Words to find in titles and bodies (title matches first). */
  q: Type.Optional(Type.String({ maxLength: MAX_HELP_QUERY })),
  categoryId: Type.Optional(ZId),
});
export type THelpArticleListQuery = Static<typeof ZHelpArticleListQuery>;

export const ZHelpSuggestionQuery = Type.Object({
  /** A new ticket's summary as typed so far. */
  q: Type.String({ maxLength: MAX_HELP_QUERY }),
});

/** What the agency sees per article (null for everyone else). */
export const ZHelpArticleCounts = Type.Object({
  views: Type.Integer(),
  helpfulYes: Type.Integer(),
  helpfulNo: Type.Integer(),
  suggestionsShown: Type.Integer(),
  openedFromSuggestion: Type.Integer(),
  /** Opened from a suggestion and then left the new-ticket form without submitting. */
  deflections: Type.Integer(),
  /** Tickets raised after the article was suggested. */
  ticketsAfterSuggestion: Type.Integer(),
});
export type THelpArticleCounts = Static<typeof ZHelpArticleCounts>;

export const ZHelpArticleSummary = Type.Object({
  id: ZId,
  title: Type.String(),
  category: Type.Object({ id: ZId, name: Type.String() }),
  /** The body's first words, as plain text. */
  excerpt: Type.String(),
  published: Type.Boolean(),
  hasVideo: Type.Boolean(),
  updatedAt: Type.String(),
  counts: Type.Union([ZHelpArticleCounts, Type.Null()]),
});
export type THelpArticleSummary = Static<typeof ZHelpArticleSummary>;

export const ZHelpArticleList = Type.Object({
  data: Type.Array(ZHelpArticleSummary),
  /** May the viewer write articles and manage categories? */
  policies: Type.Object({ manage: Type.Boolean() }),
});
export type THelpArticleList = Static<typeof ZHelpArticleList>;

export const ZHelpVideo = Type.Union([
  Type.Object({ kind: Type.Literal("file"), file: ZFile }),
  Type.Object({
    kind: Type.Literal("link"),
    url: Type.String(),
    /** A privacy-friendly player address (youtube-nocookie.com, player.vimeo.com), or null: show a plain link. */
    embedUrl: Type.Union([Type.String(), Type.Null()]),
  }),
  Type.Null(),
]);
export type THelpVideo = Static<typeof ZHelpVideo>;

export const ZHelpArticle = Type.Object({
  ...ZHelpArticleSummary.properties,
  body: Type.String(),
  video: ZHelpVideo,
  /** The pictures uploaded for the body. */
  images: Type.Array(ZFile),
  helpful: Type.Object({
    yes: Type.Integer(),
    no: Type.Integer(),
    /** The viewer's own vote, or null. */
    mine: Type.Union([Type.Boolean(), Type.Null()]),
  }),
});
export type THelpArticle = Static<typeof ZHelpArticle>;

export const ZHelpArticlePolicies = Type.Object({ edit: Type.Boolean(), vote: Type.Boolean() });
export const ZHelpArticleResponse = Type.Object({ data: ZHelpArticle, policies: ZHelpArticlePolicies });
export type THelpArticleResponse = Static<typeof ZHelpArticleResponse>;

export const ZHelpVoteRequest = Type.Object({ helpful: Type.Boolean({ description: "Was this helpful? Yes (true) or No (false)" }) });
export type THelpVoteRequest = Static<typeof ZHelpVoteRequest>;

export const ZHelpSuggestion = Type.Object({ id: ZId, title: Type.String(), excerpt: Type.String() });
export const ZHelpSuggestionList = Type.Object({ data: Type.Array(ZHelpSuggestion) });
export type THelpSuggestionList = Static<typeof ZHelpSuggestionList>;

/**
 * What the web app tells the agency about suggestions and reading (counted for clients only):
 *  - `viewed`: the article page (or drawer) was opened;
 *  - `suggestion_shown`: these articles were suggested under a new ticket's summary;
 *  - `suggestion_opened`: the client opened this suggested article;
 *  - `suggestion_deflected`: they opened it and then left the form without submitting;
 *  - `ticket_after_suggestion`: they raised the ticket although these were suggested.
 */
export const HELP_SIGNALS = ["viewed", "suggestion_shown", "suggestion_opened", "suggestion_deflected", "ticket_after_suggestion"] as const;
export type THelpSignalKind = (typeof HELP_SIGNALS)[number];
export const ZHelpSignalRequest = Type.Object({
  kind: Type.Union([
    Type.Literal("viewed"),
    Type.Literal("suggestion_shown"),
    Type.Literal("suggestion_opened"),
    Type.Literal("suggestion_deflected"),
    Type.Literal("ticket_after_suggestion"),
  ]),
  articleIds: Type.Array(ZId, { minItems: 1, maxItems: MAX_SUGGESTIONS, uniqueItems: true }),
});
export type THelpSignalRequest = Static<typeof ZHelpSignalRequest>;

export const ZHelpQuestionRequest = Type.Object({
  question: Type.String({ minLength: 1, maxLength: MAX_HELP_QUESTION, description: "Your question about the Client Portal" }),
});
export type THelpQuestionRequest = Static<typeof ZHelpQuestionRequest>;
export const ZHelpQuestionResponse = Type.Object({
  data: Type.Object({ ticket: Type.Object({ id: ZId, number: Type.Integer(), subject: Type.String() }) }),
});
export type THelpQuestionResponse = Static<typeof ZHelpQuestionResponse>;

/**
 * A hosted video's player address: YouTube (youtube.com/watch?v=…, youtu.be/…, /embed/, /shorts/)
 * through youtube-nocookie.com, Vimeo (vimeo.com/123) through player.vimeo.com — the only two
 * hosts the Content-Security-Policy lets the page frame. Anything else: null (a plain link).
 */
export function videoEmbedUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== "https:") return null;
  const host = url.hostname.toLowerCase().replace(/^(www\.|m\.)/, "");
  const youtubeId = (id: string | null | undefined) =>
    id && /^[A-Za-z0-9_-]{11}$/.test(id) ? `https://www.youtube-nocookie.com/embed/${id}` : null;
  if (host === "youtu.be") return youtubeId(url.pathname.split("/")[1]);
  if (host === "youtube.com" || host === "youtube-nocookie.com") {
    if (url.pathname === "/watch") return youtubeId(url.searchParams.get("v"));
    const [, kind, id] = url.pathname.split("/");
    return kind === "embed" || kind === "shorts" || kind === "live" ? youtubeId(id) : null;
  }
  if (host === "vimeo.com" || host === "player.vimeo.com") {
    const id = url.pathname.match(/^\/(?:video\/)?(\d{1,12})\/?$/)?.[1];
    return id ? `https://player.vimeo.com/video/${id}` : null;
  }
  return null;
}

/** Text lowered, accents dropped and spacing collapsed: how titles and bodies are searched on both databases. */
export function searchKey(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}
