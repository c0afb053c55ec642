/** The help module's tables (migration 20261207T1100-help). */
import type { Generated } from "kysely";

export interface HelpTables {
  help_categories: HelpCategoriesTable;
  help_articles: HelpArticlesTable;
  help_votes: HelpVotesTable;
}

export interface HelpCategoriesTable {
  id: string;
  name: string;
  /** searchKey(name): unique, so case and spacing never make two categories. */
  name_key: string;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface HelpArticlesTable {
  id: string;
  category_id: string;
  title: string;
  /** Markdown. */
  body: string;
  /** searchKey(title) and searchKey(plain text of body): what search matches. */
  search_title: string;
  search_body: string;
  /** 1: clients see it; 0: a draft (admins only). */
  published: Generated<number>;
  /** The uploaded video (a file owned by the article), or null. */
  video_file_id: string | null;
  /** A hosted video's https address, or null (at most one of the two is set). */
  video_url: string | null;
  view_count: Generated<number>;
  suggested_count: Generated<number>;
  suggestion_opened_count: Generated<number>;
  deflected_count: Generated<number>;
  ticket_after_count: Generated<number>;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** "Was this helpful?": one per person and article; `helpful` 1 yes, 0 no. */
export interface HelpVotesTable {
  article_id: string;
  user_id: string;
  helpful: number;
  created_at: string;
  updated_at: string;
}
