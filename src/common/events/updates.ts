/** Agent updates, notes and drafts for review on a client's feed, and the deliverables they mark. */
import type { EventCatalogue } from "./catalogue";

/** What every update event names: the update (object type `update`, object id the update's id) and its title. */
interface UpdateRef {
  updateId: string;
  title: string;
}

export interface UpdateEventPayloads {
  /**
   * A work update or a draft for review was posted (its version 1). `body` is the text the client
   * reads (their email quotes it); `finalFiles` how many files it delivered.
   */
  "update.posted": UpdateRef & { kind: "update" | "note" | "draft"; body: string; finalFiles: number };
  /** A new version of a draft, in answer to the client's decision. */
  "draft.version_posted": UpdateRef & { version: number; body: string; finalFiles: number };
  /** The client approved a draft's version. */
  "draft.approved": UpdateRef & { version: number; comment: string };
  /** The client asked for edits on a draft's version (the comment says what). */
  "draft.edits_requested": UpdateRef & { version: number; comment: string };
  /**
   * A staff-only note on a client (object type `client_notes`, object id the account's id). Never
   * client-visible; the payload carries no note text.
   */
  "client_note.added": { commentId: string };
}

export const UPDATE_EVENTS: EventCatalogue<UpdateEventPayloads> = {
  "update.posted": { label: "Update posted", audience: "client", notify: "update.posted", category: "work" },
  "draft.version_posted": { label: "New draft version posted", audience: "client", notify: "update.posted", category: "work" },
  "draft.approved": { label: "Draft approved", audience: "client", notify: "draft.decision", category: "work" },
  "draft.edits_requested": { label: "Edits requested on a draft", audience: "client", notify: "draft.decision", category: "work" },
  "client_note.added": { label: "Staff note added on a client", audience: "staff" },
};
