/**
 * Help (FAQs): admins write articles in categories; people vote on them; the web app reports
 * when a suggested article stopped a client raising a ticket. The agency's own bookkeeping
 * (`staff`, `audit`): articles are not about any one client account, so no event carries one.
 */
import type { EventCatalogue } from "./catalogue";

interface ArticleRef {
  articleId: string;
  title: string;
}

interface CategoryRef {
  categoryId: string;
  name: string;
}

export interface HelpEventPayloads {
  "help_category.created": CategoryRef;
  /** Renamed or moved. */
  "help_category.updated": CategoryRef & { before: { name: string; position: number }; after: { name: string; position: number } };
  "help_category.deleted": CategoryRef;
  "help_article.created": ArticleRef & { published: boolean };
  /** What changed (field names), and whether it is published now. */
  "help_article.updated": ArticleRef & { changes: string[]; published: boolean };
  /** "Was this helpful?" answered or changed. */
  "help_article.voted": ArticleRef & { helpful: boolean };
  /** A client opened an article suggested under a new ticket's summary. */
  "help.suggestion_opened": ArticleRef;
  /** …and then left the form without submitting it. */
  "help.suggestion_deflected": ArticleRef;
}

export const HELP_EVENTS: EventCatalogue<HelpEventPayloads> = {
  "help_category.created": { label: "Help category created", audience: "staff", category: "audit" },
  "help_category.updated": { label: "Help category changed", audience: "staff", category: "audit" },
  "help_category.deleted": { label: "Help category deleted", audience: "staff", category: "audit" },
  "help_article.created": { label: "Help article created", audience: "staff", category: "audit" },
  "help_article.updated": { label: "Help article changed", audience: "staff", category: "audit" },
  "help_article.voted": { label: "Help article rated", audience: "staff", category: "audit" },
  "help.suggestion_opened": { label: "Suggested help article opened", audience: "staff", category: "audit" },
  "help.suggestion_deflected": { label: "Suggested help article answered a question", audience: "staff", category: "audit" },
};
