/**
 * Website Work Requests — the board: schemas shared by server and web, and THE workflow rules.
 *
 * The stages, their order, who owns each and what is asked of the client come from the client
 * guide's workflow table (seed 003, section 3), in its words. `checkMove` is the one statement
 * of who may move a task where: the server enforces it, and the web app asks it before a drop
 * lands so a move the viewer may not make is refused with the same reason.
 */
import { type Static, Type } from "typebox";
import { MAX_COMMENT_LENGTH, ZAddCommentRequest, ZComment, ZFile, ZFileIds, ZPersonRef } from "./conversations";
import { refuse, type TDecision } from "./decisions";
import { boundedInteger, ZLimit, ZPosition } from "./integers";
import { ZId } from "./schemas";

export const STAGES = ["requested", "in_progress", "on_hold", "client_approval", "completed"] as const;
export type TStage = (typeof STAGES)[number];
export const ZStage = Type.Union([
  Type.Literal("requested"),
  Type.Literal("in_progress"),
  Type.Literal("on_hold"),
  Type.Literal("client_approval"),
  Type.Literal("completed"),
]);

export const STAGE_LABELS: Record<TStage, string> = {
  requested: "REQUESTED WORK",
  in_progress: "IN PROGRESS",
  on_hold: "ON HOLD / WAITING",
  client_approval: "CLIENT APPROVAL",
  completed: "COMPLETED",
};

export type TOwner = "client" | "agency";
/** The guide's "Ownership" column: who the task is with at each stage. */
export const STAGE_OWNER: Record<TStage, TOwner> = {
  requested: "client",
  in_progress: "agency",
  on_hold: "agency",
  client_approval: "client",
  completed: "agency",
};

/** The guide's "Purpose" column. */
export const STAGE_PURPOSE: Record<TStage, string> = {
  requested: "Client requests work in the form of a task.",
  in_progress: "The agency has commenced the work requested.",
  on_hold: "Someone is waiting for something, or the work is held off, until further notice.",
  client_approval: "The work is completed and ready for the client to view. It does not go LIVE until it is approved.",
  completed: "The work is done and has gone LIVE. The task is closed.",
};

/** The guide's "Action Required from Client" column, said to the client. */
export const STAGE_CLIENT_ACTION: Record<TStage, string> = {
  requested: "Nothing further — only respond to any questions about the scope of work, and accept the quote to approve commencement.",
  in_progress: "Nothing further — only respond to any questions raised.",
  on_hold: "Read the comments: they explain why the work has halted or what it is waiting for.",
  client_approval: "Review the work, then approve it to go LIVE or request changes.",
  completed: "Nothing further. Completed tasks are archived over time so they do not clog up the board.",
};

/** Does the clock run in this stage? It stops once the work is completed. */
export const clockRuns = (stage: TStage) => stage !== "completed";

export const QUOTE_STATUSES = ["pending", "accepted", "declined", "superseded"] as const;
export type TQuoteStatus = (typeof QUOTE_STATUSES)[number];
export const ZQuoteStatus = Type.Union([
  Type.Literal("pending"),
  Type.Literal("accepted"),
  Type.Literal("declined"),
  Type.Literal("superseded"),
]);
/** The task's current quote, as the board needs it: `none` when the agency has not quoted. */
export type TTaskQuoteState = "none" | "pending" | "accepted" | "declined";
export const ZTaskQuoteState = Type.Union([
  Type.Literal("none"),
  Type.Literal("pending"),
  Type.Literal("accepted"),
  Type.Literal("declined"),
]);

// The rules ------------------------------------------------------------------------------------

export type TMoveAction = "reorder" | "move" | "approve" | "request_changes" | "override";

export type TMoveCheck =
  | {
      allowed: true;
      action: TMoveAction;
      /**
       * What the mover must give: a comment (on hold, request changes), a reason (override), or
       * what the client should review (the agency's move to CLIENT APPROVAL).
       */
      requires?: "comment" | "reason" | "review";
    }
  | Extract<TDecision, { allowed: false }>;

export interface MoveViewer {
  role: "client" | "agent" | "admin";
}
export interface MoveTask {
  stage: TStage;
  quote: TTaskQuoteState;
  archived: boolean;
}

/**
 * May this viewer move this task to `to`? (Seeing the task at all is the tenant scope's job.)
 *   - client: orders their own REQUESTED WORK column; in CLIENT APPROVAL approves (→ COMPLETED)
 *     or requests changes with a comment (→ IN PROGRESS). Nothing else.
 *   - agency staff: REQUESTED WORK → IN PROGRESS when work commences (after an attached quote is
 *     accepted); IN PROGRESS ↔ ON HOLD / WAITING (on hold needs a comment saying why);
 *     IN PROGRESS or ON HOLD → CLIENT APPROVAL; CLIENT APPROVAL → IN PROGRESS (pull it back).
 *   - only the client's approval moves a task to COMPLETED; an admin may override with a reason.
 *   - a completed or archived task stays where it is.
 * 403: the viewer's role may not do this; 409: the task's state does not allow it now.
 */
export function checkMove(viewer: MoveViewer, task: MoveTask, to: TStage): TMoveCheck {
  const client = viewer.role === "client";
  const from = task.stage;
  if (task.archived) return refuse("task_archived", "This task is archived. Unarchive it first.");
  if (from === to) {
    if (client && from !== "requested") return refuse("move_not_allowed", `Only the agency orders the cards in ${STAGE_LABELS[from]}.`);
    return { allowed: true, action: "reorder" };
  }
  if (from === "completed") return refuse("task_completed", "This task is completed and has gone LIVE; it stays in COMPLETED.");
  if (client) {
    if (from === "client_approval" && to === "completed") return { allowed: true, action: "approve" };
    if (from === "client_approval" && to === "in_progress") return { allowed: true, action: "request_changes", requires: "comment" };
    if (from === "client_approval")
      return refuse("move_not_allowed", "Approve the work to complete it, or request changes to send it back to IN PROGRESS.");
    return refuse(
      "move_not_allowed",
      `The agency moves tasks on from ${STAGE_LABELS[from]}. You approve the work once it reaches CLIENT APPROVAL.`,
    );
  }
  if (to === "completed") {
    if (viewer.role !== "admin") {
      return refuse(
        "approval_required",
        "Only the client's approval moves a task to COMPLETED. An admin may override it, giving a reason.",
      );
    }
    if (from === "requested") return refuse("work_not_commenced", "Work on this task has not commenced: move it to IN PROGRESS first.");
    return { allowed: true, action: "override", requires: "reason" };
  }
  switch (from) {
    case "requested":
      if (to !== "in_progress") return refuse("work_not_commenced", "Work has not commenced: move the task to IN PROGRESS first.");
      if (task.quote === "pending")
        return refuse("quote_pending", "The quote is waiting for the client to accept it before work can commence.");
      if (task.quote === "declined")
        return refuse("quote_declined", "The client declined the quote. Send a new quote before work commences.");
      return { allowed: true, action: "move" };
    case "in_progress":
      if (to === "on_hold") return { allowed: true, action: "move", requires: "comment" };
      if (to === "client_approval") return { allowed: true, action: "move", requires: "review" };
      return refuse("stage_not_allowed", "Once work has commenced the task does not go back to REQUESTED WORK.");
    case "on_hold":
      if (to === "client_approval") return { allowed: true, action: "move", requires: "review" };
      if (to === "in_progress") return { allowed: true, action: "move" };
      return refuse("stage_not_allowed", "Once work has commenced the task does not go back to REQUESTED WORK.");
    case "client_approval":
      if (to === "in_progress") return { allowed: true, action: "move" };
      return refuse(
        "stage_not_allowed",
        "From CLIENT APPROVAL the work goes back to IN PROGRESS, or on to COMPLETED once the client approves it.",
      );
    default: {
      const exhaustive: never = from;
      return refuse("stage_not_allowed", `Unknown stage ${String(exhaustive)}.`);
    }
  }
}

/** The words a person reads in a "Move to…" menu for an allowed move. */
export function moveLabel(action: TMoveAction, to: TStage): string {
  switch (action) {
    case "approve":
      return "Approve — move to COMPLETED";
    case "request_changes":
      return "Request changes — back to IN PROGRESS";
    case "override":
      return "Complete without client approval (admin)";
    default:
      return STAGE_LABELS[to];
  }
}

// Schemas --------------------------------------------------------------------------------------

/** A calendar date, YYYY-MM-DD (a deadline is a day, not an instant). */
export const ZDate = Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", format: "date", description: "YYYY-MM-DD" });

export const ZRequestType = Type.Object({ id: ZId, name: Type.String(), position: Type.Integer(), disabled: Type.Boolean() });
export type TRequestType = Static<typeof ZRequestType>;
export const ZRequestTypeList = Type.Object({ data: Type.Array(ZRequestType) });
export const ZCreateRequestTypeRequest = Type.Object({ name: Type.String({ minLength: 1, maxLength: 160 }) });
export const ZUpdateRequestTypeRequest = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 160 })),
    position: Type.Optional(ZPosition),
    disabled: Type.Optional(Type.Boolean()),
  },
  { minProperties: 1 },
);
export const ZRequestTypeResponse = Type.Object({ data: ZRequestType });

export const ZTaskTemplate = Type.Object({
  id: ZId,
  /** Shown on the board as "Template Task – <name>". */
  name: Type.String(),
  /** Pre-filled into the new task's summary box; the client types over it. */
  summary: Type.String(),
  description: Type.String(),
  requestType: Type.Union([Type.Object({ id: ZId, name: Type.String() }), Type.Null()]),
  position: Type.Integer(),
  disabled: Type.Boolean(),
});
export type TTaskTemplate = Static<typeof ZTaskTemplate>;
export const ZTaskTemplateList = Type.Object({ data: Type.Array(ZTaskTemplate) });
export const ZTaskTemplateResponse = Type.Object({ data: ZTaskTemplate });
export const ZSaveTaskTemplateRequest = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 120 }),
  summary: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.String({ maxLength: MAX_COMMENT_LENGTH }),
  requestTypeId: Type.Union([ZId, Type.Null()]),
});
export const ZUpdateTaskTemplateRequest = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    summary: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    description: Type.Optional(Type.String({ maxLength: MAX_COMMENT_LENGTH })),
    requestTypeId: Type.Optional(Type.Union([ZId, Type.Null()])),
    position: Type.Optional(ZPosition),
    disabled: Type.Optional(Type.Boolean()),
  },
  { minProperties: 1 },
);

export const ZMoney = Type.Object({
  /** Integer minor units (cents). */
  amountMinor: Type.Integer(),
  /** ISO 4217, e.g. AUD */
  currency: Type.String(),
});

/** The longest review note, and the longest preview link. */
export const MAX_REVIEW_NOTE_LENGTH = 2_000;
export const MAX_REVIEW_LINK_LENGTH = 2_000;

/** What a review round may point at: a draft for review (the updates feed) or a deliverable of the task's account. */
export const REVIEW_ITEM_TYPES = ["draft", "deliverable"] as const;
export const ZReviewItemType = Type.Union([Type.Literal("draft"), Type.Literal("deliverable")]);
export type TReviewItemType = Static<typeof ZReviewItemType>;

/** The draft or deliverable chosen for review, as the mover sends it: it must belong to the task's account. */
export const ZReviewItemRef = Type.Object({ type: ZReviewItemType, id: ZId });
export type TReviewItemRef = Static<typeof ZReviewItemRef>;

/**
 * The draft or deliverable to review, as the card and the task show it: "Review the draft: <title>"
 * (the draft's page, /updates/<id>) or "Deliverable: <name>" (the account's deliverables page).
 */
export const ZReviewItem = Type.Object({
  type: ZReviewItemType,
  id: ZId,
  /** The draft's title, or the deliverable's name. */
  title: Type.String(),
});
export type TReviewItem = Static<typeof ZReviewItem>;

/**
 * What the agency asks the client to review when it moves a task to CLIENT APPROVAL: a note
 * (required), a preview link (http or https), files the mover uploaded (POST /api/files) and,
 * optionally, one of the account's drafts for review or deliverables (`item`).
 */
export const ZReviewRequest = Type.Object({
  note: Type.String({ minLength: 1, maxLength: MAX_REVIEW_NOTE_LENGTH, description: "What the client should look at" }),
  link: Type.Optional(
    Type.Union([Type.String({ maxLength: MAX_REVIEW_LINK_LENGTH, description: "Preview link (http or https)" }), Type.Null()]),
  ),
  fileIds: ZFileIds,
  item: Type.Optional(Type.Union([ZReviewItemRef, Type.Null()], { description: "A draft or deliverable of the task's account to review" })),
});
export type TReviewRequest = Static<typeof ZReviewRequest>;

/**
 * The current review request as a card shows it: "Please review: <note>", "Open preview", the
 * files, and the draft or deliverable to review (`item`, absent when none was chosen).
 */
export const ZReviewSummary = Type.Object({
  note: Type.String(),
  link: Type.Union([Type.String(), Type.Null()]),
  files: Type.Array(ZFile),
  item: Type.Optional(ZReviewItem),
});
export type TReviewSummary = Static<typeof ZReviewSummary>;

/** One review round: what was asked, by whom and when (the answer is the approval naming it). */
export const ZReviewRound = Type.Object({
  id: ZId,
  /** 1 for the first time the task went to CLIENT APPROVAL, 2 for the next, … */
  round: Type.Integer(),
  note: Type.String(),
  link: Type.Union([Type.String(), Type.Null()]),
  files: Type.Array(ZFile),
  /** The draft or deliverable to review; absent when none was chosen. */
  item: Type.Optional(ZReviewItem),
  askedBy: Type.Union([ZPersonRef, Type.Null()]),
  askedAt: Type.String(),
});
export type TReviewRound = Static<typeof ZReviewRound>;

/** A card on the board. */
export const ZTaskCard = Type.Object({
  id: ZId,
  number: Type.Integer(),
  summary: Type.String(),
  stage: ZStage,
  owner: Type.Union([Type.Literal("client"), Type.Literal("agency")]),
  requestType: Type.Union([Type.Object({ id: ZId, name: Type.String() }), Type.Null()]),
  deadline: Type.Union([ZDate, Type.Null()]),
  account: Type.Object({ id: ZId, name: Type.String() }),
  quote: ZTaskQuoteState,
  commentCount: Type.Integer(),
  fileCount: Type.Integer(),
  archived: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  completedAt: Type.Union([Type.String(), Type.Null()]),
  /** The agency's person handling it (clients read "Handled by Sam"); null while nobody is. */
  assignee: Type.Union([Type.Object({ id: ZId, name: Type.String() }), Type.Null()]),
});
export type TTaskCard = Static<typeof ZTaskCard>;

/** The board's filters (`GET /api/board`), combined with AND; the service names a bad value's parameter. */
export const BOARD_DUE_FILTERS = ["overdue", "week", "none"] as const;
export type TBoardDueFilter = (typeof BOARD_DUE_FILTERS)[number];
export const ZBoardQuery = Type.Object({
  /** Staff: one client account's board; without it, the combined board of every account they work. */
  accountId: Type.Optional(ZId),
  /** Staff: a staff member's id, `me` or `none` (nobody assigned). */
  assignee: Type.Optional(Type.String({ maxLength: 64, description: "A staff member's id, me, or none" })),
  /** A request type's id. */
  requestType: Type.Optional(Type.String({ maxLength: 64, description: "A request type's id" })),
  /** `overdue` (the day has passed), `week` (due within 7 days) or `none` (no deadline); completed work is never due. */
  due: Type.Optional(Type.String({ maxLength: 16, description: "overdue, week or none" })),
  /** Words in the summary, or the task's number ("318", "#318" or "WEB-318"). */
  q: Type.Optional(Type.String({ maxLength: 200 })),
});
export type TBoardQuery = Static<typeof ZBoardQuery>;

/**
 * A card as the board sends it: what the card shows, with the request type and client named by
 * id (their names come once, in `requestTypes` and `accounts`). A board of a thousand cards is a
 * page load, so every byte on a card counts.
 */
export const ZBoardCard = Type.Object({
  id: ZId,
  number: Type.Integer(),
  summary: Type.String(),
  stage: ZStage,
  requestTypeId: Type.Union([ZId, Type.Null()]),
  deadline: Type.Union([ZDate, Type.Null()]),
  accountId: ZId,
  quote: ZTaskQuoteState,
  commentCount: Type.Integer(),
  fileCount: Type.Integer(),
  /**
   * Named once in `assignees`; left out when nobody handles the card. Why optional, here and on
   * `review`: a board carries a thousand cards, and a null on each is bytes every board read
   * serialises and sends for nothing.
   */
  assigneeId: Type.Optional(ZId),
  /** Cards in CLIENT APPROVAL: what the client is asked to review ("Please review: …"); absent on every other card. */
  review: Type.Optional(ZReviewSummary),
});
export type TBoardCard = Static<typeof ZBoardCard>;

export const ZBoardColumn = Type.Object({
  stage: ZStage,
  tasks: Type.Array(ZBoardCard),
  /** Cards in this column in all; more than `tasks.length` when the column was cut at the limit. */
  total: Type.Integer(),
});
const ZNamed = Type.Object({ id: ZId, name: Type.String() });
export const ZBoard = Type.Object({
  data: Type.Object({
    columns: Type.Array(ZBoardColumn),
    /** The names of the request types and clients the cards refer to. */
    requestTypes: Type.Array(ZNamed),
    accounts: Type.Array(ZNamed),
    /** The names of the staff the cards are assigned to. */
    assignees: Type.Array(ZNamed),
    templates: Type.Array(ZTaskTemplate),
    /** The most cards one column returns. */
    columnLimit: Type.Integer(),
  }),
});
export type TBoard = Static<typeof ZBoard>;

export const ZCreateTaskRequest = Type.Object({
  summary: Type.String({ minLength: 1, maxLength: 200, description: "Summary of the work requested" }),
  description: Type.String({ maxLength: MAX_COMMENT_LENGTH, description: "Details (Markdown)" }),
  requestTypeId: ZId,
  deadline: Type.Optional(Type.Union([ZDate, Type.Null()])),
  templateId: Type.Optional(ZId),
  fileIds: ZFileIds,
  /** Staff creating a task on a client's behalf name the account; clients never send it. */
  accountId: Type.Optional(ZId),
  /** Staff only: who handles it (an admin, or an agent who works the account). */
  assigneeId: Type.Optional(Type.Union([ZId, Type.Null()])),
});
export type TCreateTaskRequest = Static<typeof ZCreateTaskRequest>;

export const ZUpdateTaskRequest = Type.Object(
  {
    summary: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    description: Type.Optional(Type.String({ maxLength: MAX_COMMENT_LENGTH })),
    requestTypeId: Type.Optional(ZId),
    deadline: Type.Optional(Type.Union([ZDate, Type.Null()])),
    /** Staff only: who handles it (an admin, or an agent who works the account); null: nobody. */
    assigneeId: Type.Optional(Type.Union([ZId, Type.Null()])),
  },
  { minProperties: 1 },
);
export type TUpdateTaskRequest = Static<typeof ZUpdateTaskRequest>;

export const ZMoveTaskRequest = Type.Object({
  stage: ZStage,
  /** Place the card after this one in the target column; null or absent puts it first. */
  afterId: Type.Optional(Type.Union([ZId, Type.Null()])),
  /** Required when moving to ON HOLD / WAITING and when requesting changes. */
  comment: Type.Optional(Type.String({ maxLength: MAX_COMMENT_LENGTH })),
  /** Required for an admin's override to COMPLETED. */
  reason: Type.Optional(Type.String({ maxLength: 2_000 })),
  /** Required when the agency moves a task to CLIENT APPROVAL: what the client should review. */
  review: Type.Optional(ZReviewRequest),
});
export type TMoveTaskRequest = Static<typeof ZMoveTaskRequest>;

/** A comment or (staff) an internal note on a task. */
export const ZTaskCommentRequest = ZAddCommentRequest;
export const ZDecisionRequest = Type.Object({ comment: Type.Optional(Type.String({ maxLength: MAX_COMMENT_LENGTH })) });
export const ZRequestChangesRequest = Type.Object({
  comment: Type.String({ minLength: 1, maxLength: MAX_COMMENT_LENGTH, description: "What should change" }),
});

/** The largest quote total and unit price, in minor units. */
export const MAX_QUOTE_MINOR = 100_000_000_000;
/** At most this many lines on one quote. */
export const MAX_QUOTE_LINES = 50;
/** The largest quantity on a line; quantities have at most 2 decimals (1.5 hours, 0.25 days). */
export const MAX_QUOTE_QUANTITY = 1_000_000;

/** A quote line as the agency writes it; its amount is the server's: round(quantity × unit price). */
export const ZQuoteLineInput = Type.Object({
  description: Type.String({ minLength: 1, maxLength: 200, description: "What this line is for" }),
  quantity: Type.Number({
    exclusiveMinimum: 0,
    maximum: MAX_QUOTE_QUANTITY,
    description: "More than 0, at most 2 decimals (e.g. 1.5 hours)",
  }),
  unitPriceMinor: boundedInteger({
    minimum: 0,
    maximum: MAX_QUOTE_MINOR,
    beyond32Bit: true,
    description: "Unit price in minor units (cents)",
  }),
});
export type TQuoteLineInput = Static<typeof ZQuoteLineInput>;

/** The one line of a quote sent as a single amount: its scope's first line of text (as long as a line's description may be). */
export const singleLineDescription = (scope: string): string =>
  (scope.split("\n").find((text) => text.trim()) ?? "Quoted work").trim().slice(0, 200);

/**
 * A quote: the scope, its lines (1 to 50) and the currency; the total is computed by the server
 * from the lines. `amountMinor` without `lines` is the older single-amount form, kept for API
 * clients that send it: it becomes one line.
 */
export const ZCreateQuoteRequest = Type.Object({
  scope: Type.String({ minLength: 1, maxLength: MAX_COMMENT_LENGTH, description: "What will be done (Markdown)" }),
  lines: Type.Optional(Type.Array(ZQuoteLineInput, { minItems: 1, maxItems: MAX_QUOTE_LINES })),
  amountMinor: Type.Optional(
    boundedInteger({
      minimum: 0,
      maximum: MAX_QUOTE_MINOR,
      beyond32Bit: true,
      description: "Older form: one amount in minor units, without lines",
    }),
  ),
  currency: Type.String({ pattern: "^[A-Z]{3}$", description: "ISO 4217 code, e.g. AUD" }),
});
export type TCreateQuoteRequest = Static<typeof ZCreateQuoteRequest>;

export const ZQuoteLine = Type.Object({
  description: Type.String(),
  quantity: Type.Number(),
  unitPriceMinor: Type.Integer(),
  /** round(quantity × unit price), in minor units. */
  amountMinor: Type.Integer(),
});
export type TQuoteLine = Static<typeof ZQuoteLine>;

export const ZQuote = Type.Object({
  id: ZId,
  scope: Type.String(),
  /** The total: the sum of the lines' amounts. */
  amountMinor: Type.Integer(),
  /** At least one; a quote sent before lines existed shows as one line. */
  lines: Type.Array(ZQuoteLine),
  currency: Type.String(),
  status: ZQuoteStatus,
  createdBy: ZPersonRef,
  createdAt: Type.String(),
  decidedBy: Type.Union([ZPersonRef, Type.Null()]),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  decisionComment: Type.Union([Type.String(), Type.Null()]),
  /** When the client accepted it (the agency's clock for the work runs from here); null unless accepted. */
  acceptedAt: Type.Union([Type.String(), Type.Null()]),
});
export type TQuote = Static<typeof ZQuote>;

export const ZApproval = Type.Object({
  id: ZId,
  decision: Type.Union([Type.Literal("approved"), Type.Literal("changes_requested"), Type.Literal("override")]),
  actor: Type.Union([ZPersonRef, Type.Null()]),
  comment: Type.Union([Type.String(), Type.Null()]),
  /** The task's version when the decision was made: which state of the task it was about. */
  taskVersion: Type.Integer(),
  /** The review round it answered (see `reviews`); null for decisions made before rounds, or an override outside CLIENT APPROVAL. */
  reviewId: Type.Union([ZId, Type.Null()]),
  snapshot: Type.Object({
    summary: Type.String(),
    requestType: Type.Union([Type.String(), Type.Null()]),
    deadline: Type.Union([Type.String(), Type.Null()]),
    quote: Type.Union([ZMoney, Type.Null()]),
    files: Type.Array(Type.String()),
  }),
  createdAt: Type.String(),
});
export type TApproval = Static<typeof ZApproval>;

export const ZTaskTimelineItem = Type.Object({
  id: ZId,
  type: Type.Union([Type.Literal("comment"), Type.Literal("event")]),
  createdAt: Type.String(),
  actor: Type.Union([ZPersonRef, Type.Null()]),
  comment: Type.Optional(ZComment),
  event: Type.Optional(Type.Object({ verb: Type.String(), payload: Type.Record(Type.String(), Type.Unknown()) })),
});
export type TTaskTimelineItem = Static<typeof ZTaskTimelineItem>;

export const ZTaskDetail = Type.Object({
  data: Type.Object({
    task: ZTaskCard,
    description: Type.String(),
    createdBy: ZPersonRef,
    template: Type.Union([Type.Object({ id: ZId, name: Type.String() }), Type.Null()]),
    files: Type.Array(ZFile),
    timeline: Type.Array(ZTaskTimelineItem),
    quotes: Type.Array(ZQuote),
    approvals: Type.Array(ZApproval),
    /** Every review round, newest first. */
    reviews: Type.Array(ZReviewRound),
    /** While in CLIENT APPROVAL: what the client is asked to review now (the newest round); else null. */
    review: Type.Union([ZReviewRound, Type.Null()]),
    /** Seconds the task has spent with each side, the current stage included (the clock stops at COMPLETED). */
    time: Type.Object({ clientSeconds: Type.Integer(), agencySeconds: Type.Integer() }),
    version: Type.Integer(),
  }),
  policies: Type.Object({
    comment: Type.Boolean(),
    /** Staff: add an internal note (never shown to the client). */
    note: Type.Boolean(),
    edit: Type.Boolean(),
    quote: Type.Boolean(),
    decideQuote: Type.Boolean(),
    /** The client may approve the work (→ COMPLETED) or request changes (→ IN PROGRESS) now. */
    approve: Type.Boolean(),
    requestChanges: Type.Boolean(),
    archive: Type.Boolean(),
    unarchive: Type.Boolean(),
    /** Staff: choose who handles the task. */
    assign: Type.Boolean(),
    /** The summary and description may change: false once the quote is accepted (a new quote unlocks them). */
    changeScope: Type.Boolean(),
  }),
});
export type TTaskDetail = Static<typeof ZTaskDetail>;
export const ZTaskResponse = Type.Object({ data: ZTaskCard });
export const ZTaskCardList = Type.Object({ data: Type.Array(ZTaskCard) });
/** What a task waits for from the client: approving the work, or deciding on a quote (the server's decisions say which). */
export const ZClientAsk = Type.Union([Type.Literal("approval"), Type.Literal("quote")]);
export type TClientAsk = Static<typeof ZClientAsk>;
export const ZWaitingList = Type.Object({ data: Type.Array(Type.Object({ task: ZTaskCard, waitingFor: ZClientAsk })) });
export type TWaitingList = Static<typeof ZWaitingList>;
export type TTaskCardList = Static<typeof ZTaskCardList>;

/** Staff (`GET /api/board/assignees`): whom a task of `accountId` may be assigned to, or, without it, who has cards on the board. */
export const ZAssigneeQuery = Type.Object({ accountId: Type.Optional(ZId) });
export const ZAssigneeList = Type.Object({
  data: Type.Array(Type.Object({ id: ZId, name: Type.String(), role: Type.Union([Type.Literal("agent"), Type.Literal("admin")]) })),
});
export type TAssigneeList = Static<typeof ZAssigneeList>;

export const ZArchiveQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  accountId: Type.Optional(ZId),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(ZLimit(100, 25)),
});
export type TArchiveQuery = Static<typeof ZArchiveQuery>;
export const ZArchiveList = Type.Object({ data: Type.Array(ZTaskCard), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export type TArchiveList = Static<typeof ZArchiveList>;
