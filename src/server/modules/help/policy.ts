import { allow, allowedOf, refuse, type TDecision } from "../../../common/decisions";
import type { Actor } from "../../platform/auth/sessions";
import type { Reader } from "./queries";

/**
 * Who may do what with help articles (reading is the queries' rule: published articles for
 * everyone signed in, drafts for admins — anything else is a 404 before this is asked):
 *   - admins write articles and manage categories (agents answer tickets, not FAQs);
 *   - everyone who can read an article may say whether it helped;
 *   - only a client with a client account may send the question box (it raises a ticket in it);
 *   - a category is deleted only when empty, so no article is left without one.
 */
export function helpDecisions(actor: Actor) {
  const manage: TDecision = actor.role === "admin" ? allow : refuse("admin_only", "Only an admin can write help articles and categories.");
  const ask: TDecision =
    actor.role !== "client"
      ? refuse("client_only", "The question box is for clients; staff answer the questions as tickets.")
      : actor.accountId
        ? allow
        : refuse("client_only", "Your login is not linked to a client account yet, so a question cannot become a ticket.");
  return { manage, vote: allow as TDecision, ask };
}

/** May this category be deleted? Only when no article (draft or published) is in it. */
export function deleteCategoryDecision(articleCount: number): TDecision {
  return articleCount === 0
    ? allow
    : refuse("help_category_not_empty", "Move or delete this category's articles first: only an empty category can be deleted.");
}

/** Which articles the actor reads (drafts: admins only). */
export const readerOf = (actor: Actor): Reader => ({ drafts: actor.role === "admin" });

/** The decisions about one article as the web app gets them (`policies`). */
export const articlePolicy = (actor: Actor) => {
  const d = helpDecisions(actor);
  return allowedOf({ edit: d.manage, vote: d.vote });
};
