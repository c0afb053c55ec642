/**
 * Time-boxed asks (seed 000: "If your workflow requires OTP submission, confirmation, or another
 * time-sensitive task, complete it through the dashboard as soon as possible"): an agent asks a
 * client for a one-time code, a yes/no confirmation, a short answer or a file, by a deadline.
 * Request and response schemas shared by server and web.
 */
import { type Static, Type } from "typebox";
import { ZPersonRef } from "./conversations";
import { ZPage } from "./integers";
import { ZId } from "./schemas";

export const ASK_KINDS = ["code", "confirm", "text", "file"] as const;
export const ZAskKind = Type.Union([Type.Literal("code"), Type.Literal("confirm"), Type.Literal("text"), Type.Literal("file")]);
export type TAskKind = (typeof ASK_KINDS)[number];
/** The kind as the agent picks it and the client reads it. */
export const ASK_KIND_LABELS: Record<TAskKind, string> = {
  code: "One-time code",
  confirm: "Yes/no confirmation",
  text: "Short answer",
  file: "File upload",
};
/** What the client is asked to do, as their next action says it. */
export const ASK_ACTION_TITLES: Record<TAskKind, string> = {
  code: "Enter the one-time code",
  confirm: "Confirm a request",
  text: "Answer a question",
  file: "Upload a file",
};

export const ASK_STATUSES = ["open", "answered", "expired", "cancelled"] as const;
export const ZAskStatus = Type.Union([Type.Literal("open"), Type.Literal("answered"), Type.Literal("expired"), Type.Literal("cancelled")]);
export type TAskStatus = (typeof ASK_STATUSES)[number];
export const ASK_STATUS_LABELS: Record<TAskStatus, string> = {
  open: "Waiting for the client",
  answered: "Answered",
  expired: "Expired",
  cancelled: "Cancelled",
};

/** Deadline presets, in minutes: 5, 10, 30 minutes and 24 hours. */
export const ASK_DEADLINE_PRESETS = [5, 10, 30, 1440] as const;
/** The shortest and longest deadline an agent may set, in minutes (one minute; thirty days). */
export const MIN_ASK_MINUTES = 1;
export const MAX_ASK_MINUTES = 30 * 24 * 60;
export const MAX_ASK_PROMPT = 500;
/** A one-time code: digits and letters, as services send them (some use "G-123456" or spaces). */
export const MAX_ASK_CODE = 32;
export const MAX_ASK_TEXT = 2_000;
export const ASK_PAGE_SIZE = 25;

export const ZCreateAskRequest = Type.Object({
  accountId: ZId,
  kind: ZAskKind,
  prompt: Type.String({ minLength: 1, maxLength: MAX_ASK_PROMPT, description: "What the client is asked, in the agent's words" }),
  /** A short answer's answer is secret (a code's always is): sealed, shown only to the asker and admins, then purged. */
  secret: Type.Optional(Type.Boolean()),
  /** The deadline: minutes from now (a preset or any whole number), or a time (`deadlineAt`). Exactly one. */
  minutes: Type.Optional(Type.Integer({ minimum: MIN_ASK_MINUTES, maximum: MAX_ASK_MINUTES })),
  deadlineAt: Type.Optional(Type.String({ format: "date-time", maxLength: 40 })),
});
export type TCreateAskRequest = Static<typeof ZCreateAskRequest>;

/** The client's answer: the field of the ask's kind. */
export const ZAnswerAskRequest = Type.Object({
  code: Type.Optional(Type.String({ maxLength: MAX_ASK_CODE })),
  confirm: Type.Optional(Type.Boolean()),
  text: Type.Optional(Type.String({ maxLength: MAX_ASK_TEXT })),
  /** An upload's id (POST /api/files first). */
  fileId: Type.Optional(ZId),
});
export type TAnswerAskRequest = Static<typeof ZAnswerAskRequest>;

/** Ask again: the same question with a new deadline. */
export const ZReaskRequest = Type.Object({
  minutes: Type.Optional(Type.Integer({ minimum: MIN_ASK_MINUTES, maximum: MAX_ASK_MINUTES })),
  deadlineAt: Type.Optional(Type.String({ format: "date-time", maxLength: 40 })),
});
export type TReaskRequest = Static<typeof ZReaskRequest>;

export const ZAskListQuery = Type.Object({
  /** `open` (default): waiting for an answer; `all`: every ask. */
  status: Type.Optional(Type.Union([Type.Literal("open"), Type.Literal("all")])),
  accountId: Type.Optional(ZId),
  page: Type.Optional(ZPage),
});
export type TAskListQuery = Static<typeof ZAskListQuery>;

const nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/**
 * The secret answer's state, never the secret itself (that is POST /api/asks/:id/reveal, for the
 * asker and admins): `sealed` — answered, waiting to be revealed; `purged` — gone.
 */
export const ZAskSecretState = Type.Union([Type.Literal("none"), Type.Literal("sealed"), Type.Literal("purged")]);
export type TAskSecretState = Static<typeof ZAskSecretState>;

export const ZAsk = Type.Object({
  id: ZId,
  account: Type.Object({ id: ZId, name: Type.String() }),
  kind: ZAskKind,
  prompt: Type.String(),
  secret: Type.Boolean(),
  status: ZAskStatus,
  deadlineAt: Type.String(),
  askedBy: ZPersonRef,
  askedAt: Type.String(),
  answeredBy: Type.Union([ZPersonRef, Type.Null()]),
  answeredAt: nullable(Type.String()),
  /**
   * What is not secret of the answer: a confirmation's "yes"/"no", a short answer not marked
   * secret, an uploaded file. Null while open, and for a secret answer.
   */
  answer: Type.Union([Type.Object({ confirm: Type.Optional(Type.Boolean()), text: Type.Optional(Type.String()) }), Type.Null()]),
  file: Type.Union([Type.Object({ id: ZId, name: Type.String(), size: Type.Integer() }), Type.Null()]),
  secretState: ZAskSecretState,
  /** Staff: until when the sealed answer can be revealed (then it is purged). */
  secretUntil: nullable(Type.String()),
  secretUsedAt: nullable(Type.String()),
  secretPurgedAt: nullable(Type.String()),
  cancelledAt: nullable(Type.String()),
  /** The ask this one asks again, and the ask that asked this one again. */
  reaskedFrom: nullable(ZId),
  reaskedBy: nullable(ZId),
});
export type TAsk = Static<typeof ZAsk>;

/** What the viewer may do (the web app shows only these). */
export const ZAskPolicies = Type.Object({
  answer: Type.Boolean(),
  cancel: Type.Boolean(),
  reask: Type.Boolean(),
  reveal: Type.Boolean(),
  markUsed: Type.Boolean(),
});
export type TAskPolicies = Static<typeof ZAskPolicies>;

export const ZAskListItem = Type.Object({ ...ZAsk.properties, policies: ZAskPolicies });
export type TAskListItem = Static<typeof ZAskListItem>;

export const ZAskList = Type.Object({
  data: Type.Array(ZAskListItem),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  policies: Type.Object({ create: Type.Boolean() }),
});
export type TAskList = Static<typeof ZAskList>;

export const ZAskSecretView = Type.Object({ by: ZPersonRef, at: Type.String() });

export const ZAskDetail = Type.Object({
  data: Type.Object({
    ask: ZAsk,
    /** Staff: each time the secret was revealed, oldest first (empty for clients). */
    views: Type.Array(ZAskSecretView),
  }),
  policies: ZAskPolicies,
});
export type TAskDetail = Static<typeof ZAskDetail>;

export const ZAskResponse = Type.Object({ data: ZAsk, policies: ZAskPolicies });
export type TAskResponse = Static<typeof ZAskResponse>;

/** The revealed secret: shown to the asker or an admin, recorded as a view. */
export const ZAskSecret = Type.Object({ data: Type.Object({ secret: Type.String(), until: Type.String() }) });
export type TAskSecret = Static<typeof ZAskSecret>;

/** Per client account: how fast asks are answered (answered ones only), in seconds. */
export const ZAskResponseTimes = Type.Object({
  data: Type.Array(
    Type.Object({
      account: Type.Object({ id: ZId, name: Type.String() }),
      asked: Type.Integer(),
      answered: Type.Integer(),
      expired: Type.Integer(),
      medianSeconds: Type.Union([Type.Number(), Type.Null()]),
      slowestSeconds: Type.Union([Type.Number(), Type.Null()]),
    }),
  ),
});
export type TAskResponseTimes = Static<typeof ZAskResponseTimes>;

/** Where an ask opens in the portal. */
export const askPath = (askId: string) => `/asks/${askId}`;
