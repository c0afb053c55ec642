import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { TSchema } from "typebox";
import type { EventSpec } from "../../common/events";
import type { TNextAction, TNextActionSide } from "../../common/next-actions";
import type { Actor } from "../platform/auth/sessions";
import type { AppContext } from "../platform/context";
import type { JobDefinition } from "../platform/jobs";
import type { AccountMerge } from "./clients/service";
import type { FileOwnerRule } from "./files/service";
import type { ReplyTarget } from "./inbound/service";
import type { NotificationTopic } from "./notifications/service";

/**
 * What one module plugs into the app. buildApp loops over the registry (modules/registry.ts) and
 * never names a module: a new module is a folder with an `index.ts` exporting one of these, plus
 * one line in the registry. Every part is optional.
 */
export interface ModuleDescriptor {
  /** The folder's name, for logs and errors. */
  name: string;
  /** Its HTTP routes, registered as one Fastify plugin. */
  routes?: (ctx: AppContext) => FastifyPluginAsyncTypebox;
  /** Its background jobs; `everyMs` makes one recurring (one run per period across instances). */
  jobs?: (ctx: AppContext) => { definition: JobDefinition<TSchema>; everyMs?: number }[];
  /** Its events' specs (words, who may see them, the notification kind), from src/common/events/. */
  events?: Readonly<Record<string, EventSpec>>;
  /** Who hears of its events, in the app and by email. */
  notifications?: NotificationTopic[];
  /**
   * Extra download rules for files owned by its objects, by owner type (`ticket_message`): run
   * after the account scope passed. A type without a rule is visible to whoever sees the account.
   */
  fileOwners?: Record<string, FileOwnerRule>;
  /** Kinds of its objects whose emails can be answered by email. */
  replyTargets?: ReplyTarget[];
  /**
   * Moves its rows of one client account to another when an admin merges two accounts, in the
   * merge's transaction; returns how many of each kind moved (recorded with the merge).
   */
  accountMerge?: AccountMerge;
  /**
   * Its part of the "next actions" list: what of its objects waits on `side` — for a client, in
   * their own account; for staff, in the accounts they may see (the tenant scope). Newest-first
   * order is not needed (the dashboard sorts oldest first); keep it to a bounded, indexed read.
   */
  nextActions?: (ctx: AppContext, actor: Actor, side: TNextActionSide) => Promise<TNextAction[]>;
}
