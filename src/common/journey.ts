/**
 * The client journey (seed 000): the steps a client sees on their dashboard, controlled by the
 * admin. Shared by the server (validation, OpenAPI) and the web app (types, forms, words).
 */
import { type Static, Type } from "typebox";
import { MAX_PAGE, ZPage } from "./integers";
import { ZId } from "./schemas";

/**
 * How a step completes: the one registry. The server evaluates each rule (modules/journey) and
 * the admin page offers exactly these. When billing lands, add `invoice_paid` here (and its
 * evaluation on the server) — not before: a rule nothing can satisfy would be a dead end.
 */
export const JOURNEY_RULES = {
  account_active: {
    label: "Automatically, when the account is active",
    description: "Done once one of the client's contacts has an active login.",
  },
  onboarding_approved: {
    label: "Automatically, when onboarding is approved",
    description: "Done once the agency approves the client's onboarding form.",
  },
  manual: {
    label: "When staff mark it done",
    description: "The client's agent or an admin marks it done on the client's page.",
  },
  ongoing: {
    label: "Ongoing (never finishes by itself)",
    description: "The client stays on this step once the steps before it are done. Shown as “Step N+” when it is the last step.",
  },
} as const;
export type TJourneyRule = keyof typeof JOURNEY_RULES;
export const JOURNEY_RULE_KEYS = Object.keys(JOURNEY_RULES) as TJourneyRule[];
export const ZJourneyRule = Type.Union([
  Type.Literal("account_active"),
  Type.Literal("onboarding_approved"),
  Type.Literal("manual"),
  Type.Literal("ongoing"),
]);

/** A step's state for one client. */
export const JOURNEY_STATES = ["done", "current", "upcoming"] as const;
export type TJourneyState = (typeof JOURNEY_STATES)[number];
export const ZJourneyState = Type.Union([Type.Literal("done"), Type.Literal("current"), Type.Literal("upcoming")]);

const title = Type.String({ minLength: 1, maxLength: 120 });
const body = Type.String({ maxLength: 2000 });
const actionLabel = Type.String({ minLength: 1, maxLength: 60 });
/**
 * A path inside the portal: starts with one "/" (never "//" or "/\", which browsers read as
 * another site), no spaces. Why: the button is a link the client follows from their dashboard.
 */
const actionPath = Type.String({
  minLength: 1,
  maxLength: 200,
  pattern: "^/(?:[^/\\\\\\s][^\\s]*)?$",
  description: "a path inside the portal that starts with “/”, such as /onboarding",
});

// Admin: the steps ------------------------------------------------------------------------------

export const ZJourneyStep = Type.Object({
  id: ZId,
  title: Type.String(),
  body: Type.String(),
  /** The button the current step shows, or null for none. */
  actionLabel: Type.Union([Type.String(), Type.Null()]),
  actionPath: Type.Union([Type.String(), Type.Null()]),
  position: Type.Integer(),
  enabled: Type.Boolean(),
  rule: ZJourneyRule,
  /** Seeded with the product: it can be turned off, never deleted. */
  builtIn: Type.Boolean(),
  updatedAt: Type.String(),
});
export type TJourneyStep = Static<typeof ZJourneyStep>;
export const ZJourneyStepList = Type.Object({ data: Type.Array(ZJourneyStep) });
export type TJourneyStepList = Static<typeof ZJourneyStepList>;
export const ZJourneyStepResponse = Type.Object({ data: ZJourneyStep });

export const ZCreateJourneyStepRequest = Type.Object(
  {
    title,
    body: Type.Optional(body),
    actionLabel: Type.Optional(Type.Union([actionLabel, Type.Null()])),
    actionPath: Type.Optional(Type.Union([actionPath, Type.Null()])),
    rule: Type.Optional(ZJourneyRule),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type TCreateJourneyStepRequest = Static<typeof ZCreateJourneyStepRequest>;

export const ZUpdateJourneyStepRequest = Type.Object(
  {
    title: Type.Optional(title),
    body: Type.Optional(body),
    actionLabel: Type.Optional(Type.Union([actionLabel, Type.Null()])),
    actionPath: Type.Optional(Type.Union([actionPath, Type.Null()])),
    rule: Type.Optional(ZJourneyRule),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type TUpdateJourneyStepRequest = Static<typeof ZUpdateJourneyStepRequest>;

/** Every step's id, in the new order (all of them, each once). */
export const ZReorderJourneyStepsRequest = Type.Object(
  { ids: Type.Array(ZId, { minItems: 1, maxItems: 100, uniqueItems: true }) },
  { additionalProperties: false },
);
export type TReorderJourneyStepsRequest = Static<typeof ZReorderJourneyStepsRequest>;

// One client's journey ---------------------------------------------------------------------------

export const ZJourneyOverride = Type.Object({
  to: Type.Union([Type.Literal("done"), Type.Literal("not_done")]),
  reason: Type.String(),
  by: Type.String(),
  at: Type.String(),
});

export const ZClientJourneyStep = Type.Object({
  id: ZId,
  /** "Step 1", … "Step 3+" (the last step when it is the ongoing one). */
  label: Type.String(),
  title: Type.String(),
  body: Type.String(),
  state: ZJourneyState,
  /** When it was done (automatically or by staff), or null. */
  doneAt: Type.Union([Type.String(), Type.Null()]),
  /** The button; the client is shown it on the current step. */
  actionLabel: Type.Union([Type.String(), Type.Null()]),
  actionPath: Type.Union([Type.String(), Type.Null()]),
  rule: ZJourneyRule,
  /** Staff only: the move that decides this step's state (null for a client, or when automatic). */
  override: Type.Union([ZJourneyOverride, Type.Null()]),
  /** What the viewer may do on this step. */
  policies: Type.Object({ markDone: Type.Boolean(), moveBack: Type.Boolean(), useAutomatic: Type.Boolean() }),
});
export type TClientJourneyStep = Static<typeof ZClientJourneyStep>;

export const ZClientJourney = Type.Object({
  accountId: ZId,
  accountName: Type.String(),
  steps: Type.Array(ZClientJourneyStep),
  /** The current step's id, or null when every step is done. */
  currentStepId: Type.Union([ZId, Type.Null()]),
  /** Since when the client has been on the current step (the previous step's completion, else the account's creation). */
  since: Type.String(),
  /** "What to do next", in plain words, with the button that goes there (null: nothing to press). */
  next: Type.Object({
    text: Type.String(),
    actionLabel: Type.Union([Type.String(), Type.Null()]),
    actionPath: Type.Union([Type.String(), Type.Null()]),
  }),
});
export type TClientJourney = Static<typeof ZClientJourney>;
export const ZClientJourneyResponse = Type.Object({ data: ZClientJourney });
export type TClientJourneyResponse = Static<typeof ZClientJourneyResponse>;

export const ZMoveJourneyStepRequest = Type.Object(
  {
    /** done: move the client on; not_done: move them back; auto: let the step's rule decide again. */
    to: Type.Union([Type.Literal("done"), Type.Literal("not_done"), Type.Literal("auto")]),
    reason: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export type TMoveJourneyStepRequest = Static<typeof ZMoveJourneyStepRequest>;

// The staff overview ----------------------------------------------------------------------------

export const JOURNEY_OVERVIEW_SORTS = ["waiting", "name"] as const;
export const ZJourneyOverviewQuery = Type.Object(
  {
    /** Only clients whose current step is this one ("done": every step done). */
    step: Type.Optional(Type.Union([ZId, Type.Literal("done")])),
    /** Only clients on their current step for more than this many days. */
    stuckDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650 })),
    sort: Type.Optional(Type.Union([Type.Literal("waiting"), Type.Literal("name")])),
    page: Type.Optional(ZPage),
  },
  { additionalProperties: false },
);
export type TJourneyOverviewQuery = Static<typeof ZJourneyOverviewQuery>;

export const ZJourneyOverviewRow = Type.Object({
  accountId: ZId,
  accountName: Type.String(),
  /** The current step, or null when every step is done. */
  stepId: Type.Union([ZId, Type.Null()]),
  stepLabel: Type.String(),
  stepTitle: Type.String(),
  since: Type.String(),
  /** Whole days on the current step. */
  days: Type.Integer(),
});
export type TJourneyOverviewRow = Static<typeof ZJourneyOverviewRow>;

export const ZJourneyOverview = Type.Object({
  data: Type.Array(ZJourneyOverviewRow),
  page: Type.Integer({ minimum: 1, maximum: MAX_PAGE }),
  pageSize: Type.Integer(),
  total: Type.Integer(),
  /** The enabled steps, for the filter. */
  steps: Type.Array(Type.Object({ id: ZId, label: Type.String(), title: Type.String() })),
});
export type TJourneyOverview = Static<typeof ZJourneyOverview>;

/** "Step 1" … and "Step 3+" for the last enabled step when it is the ongoing one. */
export function stepLabel(index: number, count: number, rule: TJourneyRule): string {
  return index === count - 1 && rule === "ongoing" ? `Step ${index + 1}+` : `Step ${index + 1}`;
}
