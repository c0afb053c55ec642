/**
 * "Next actions": one list of everything waiting on someone. Each module contributes its items
 * (its descriptor's `nextActions`); the dashboard merges them oldest first. Shared by server and web.
 */
import { type Static, Type } from "typebox";

/** Who must act: the client (their dashboard) or the agency (the staff dashboard). */
export const NEXT_ACTION_SIDES = ["client", "agency"] as const;
export type TNextActionSide = (typeof NEXT_ACTION_SIDES)[number];

export const ZNextAction = Type.Object({
  /** Stable across reads, unique in the list: `<kind>:<object id>`. */
  key: Type.String(),
  /** What kind of thing waits: "onboarding", "draft", "task_approval", "quote", "notice", "update", "ticket", … */
  kind: Type.String(),
  /** What to do, in the seed's plain words: "Complete your onboarding form". */
  title: Type.String(),
  /** One line of context: the form's name, the task's summary, the agent's comment. */
  detail: Type.String(),
  /** The button's words: "Open the form", "Review the draft". */
  actionLabel: Type.String(),
  /** Path inside the portal where it is done. */
  url: Type.String(),
  /** Since when it has been waiting (ISO time); the list is oldest first. */
  since: Type.String(),
  /**
   * A hard deadline (ISO time) for time-sensitive items (an ask for a one-time code): these top
   * the list, soonest first, and the dashboard counts down to it.
   */
  dueAt: Type.Optional(Type.String()),
  /** The client account it is about (the agency's list names it; a client's is always their own). */
  accountId: Type.String(),
  accountName: Type.String(),
});
export type TNextAction = Static<typeof ZNextAction>;

export const ZNextActions = Type.Object({
  data: Type.Object({
    /** For a client: what waits on them. For staff: what waits on the agency, for the accounts they work. */
    waiting: Type.Array(ZNextAction),
    /** Staff only: what their clients have left waiting longer than the threshold (empty for a client). */
    clientsOverdue: Type.Array(ZNextAction),
    /** The threshold for `clientsOverdue`, in days. */
    overdueDays: Type.Integer(),
  }),
});
export type TNextActions = Static<typeof ZNextActions>;
