import {
  FAQ_TICKET_CATEGORY,
  MAX_SUGGESTIONS,
  type THelpQuestionRequest,
  type THelpQuestionResponse,
  type THelpSignalKind,
  type THelpSignalRequest,
  type THelpSuggestionList,
} from "../../../common/help";
import { excerptOf } from "../../../common/markdown-text";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import { AppError, assertAllowed, validation } from "../../platform/errors";
import { recordEvent } from "../../platform/events";
import { categories } from "../tickets/catalog";
import { raiseTicketIn } from "../tickets/service";
import { helpDecisions } from "./policy";
import * as q from "./queries";
import { searchWords } from "./service";

/*
 * Help meets support: the question box on the Help page (seed 003: "Send us your questions about
 * the Client Portal") raises a ticket through the tickets module; a new ticket's summary brings up
 * matching articles; the web app's signals count what the suggestions did.
 */

/** The most characters of a question that become its ticket's summary. */
const SUBJECT_CHARS = 120;

/**
 * The ticket category questions are filed under: "Client Portal questions", created through the
 * tickets module's category list on first use. One an admin has disabled is respected: the
 * question is then filed without a category.
 */
async function faqCategoryId(ctx: AppContext, actor: Actor): Promise<string | undefined> {
  const find = async () => (await categories.list(ctx.db, true)).find((c) => c.name === FAQ_TICKET_CATEGORY);
  const existing = await find();
  if (existing) return existing.disabled ? undefined : existing.id;
  try {
    // Recorded as the asker's doing (ticket_category.created): the audit log says whose question made it.
    return (await categories.create(ctx.db, actor, FAQ_TICKET_CATEGORY)).id;
  } catch (error) {
    // Two first questions at once: the other one created it.
    if (!(error instanceof AppError && error.code === "conflict")) throw error;
    const made = await find();
    return made && !made.disabled ? made.id : undefined;
  }
}

/** The ticket's summary: the question's first line, shortened at a word. */
function subjectOf(question: string): string {
  const first = question.trim().split(/\r?\n/)[0]?.trim().replace(/\s+/g, " ") ?? "";
  if (first.length <= SUBJECT_CHARS) return first;
  const cut = first.slice(0, SUBJECT_CHARS);
  const space = cut.lastIndexOf(" ");
  return `${(space > 60 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * A client's question from the Help page becomes a support ticket in their own account, in the
 * FAQ category, acknowledged as every ticket is; they get its id and number to follow it.
 */
export async function askQuestion(ctx: AppContext, actor: Actor, input: THelpQuestionRequest): Promise<THelpQuestionResponse> {
  assertAllowed(helpDecisions(actor).ask);
  const question = input.question.trim();
  if (!question) throw validation("question", "Write your question.");
  const categoryId = await faqCategoryId(ctx, actor);
  const subject = subjectOf(question);
  const ticket = await ctx.db
    .transaction()
    .execute((tx) =>
      raiseTicketIn(ctx, tx, actor, { subject, description: question, priority: "normal", ...(categoryId ? { categoryId } : {}) }),
    );
  return { data: { ticket: { id: ticket.id, number: ticket.number, subject } } };
}

/**
 * Up to three published articles matching a new ticket's summary as typed so far: any of its
 * meaningful words (three letters or more, common words left out), best matches first.
 */
export async function suggestArticles(ctx: AppContext, text: string): Promise<THelpSuggestionList> {
  const words = searchWords(text, { skipShort: true });
  if (words.length === 0) return { data: [] };
  // Why published only, even for an admin: a suggestion is what a client would be shown.
  const rows = await q.searchArticles(ctx.db, { drafts: false }, { words, match: "any", limit: MAX_SUGGESTIONS });
  return { data: rows.map((r) => ({ id: r.id, title: r.title, excerpt: excerptOf(r.body, 160) })) };
}

const COUNTERS: Record<THelpSignalKind, q.ArticleCounter> = {
  viewed: "view_count",
  suggestion_shown: "suggested_count",
  suggestion_opened: "suggestion_opened_count",
  suggestion_deflected: "deflected_count",
  ticket_after_suggestion: "ticket_after_count",
};

/**
 * What the web app saw: an article read, suggestions shown, one opened, a form left after one was
 * opened (a deflection), a ticket raised anyway. Counted for clients only (staff reading their own
 * FAQs would blur the figures); unknown and draft articles are skipped. The two that say a
 * suggestion did its job are also recorded as events (the audit log).
 */
export async function recordSignal(ctx: AppContext, actor: Actor, input: THelpSignalRequest): Promise<void> {
  if (actor.role !== "client") return;
  await ctx.db.transaction().execute(async (tx) => {
    const counted = await q.bumpCounter(tx, COUNTERS[input.kind], input.articleIds);
    if (input.kind !== "suggestion_opened" && input.kind !== "suggestion_deflected") return;
    const verb = input.kind === "suggestion_opened" ? "help.suggestion_opened" : "help.suggestion_deflected";
    for (const article of counted) {
      await recordEvent(tx, {
        actorId: actor.id,
        verb,
        objectType: "help_article",
        objectId: article.id,
        payload: { articleId: article.id, title: article.title },
      });
    }
  });
}
