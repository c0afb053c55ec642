/**
 * Request and response schemas shared by the server (validation, OpenAPI) and the web app
 * (types). Naming: `ZXxxRequest` is a schema, `TXxxRequest` its inferred type.
 */
import { type Static, Type } from "typebox";
import { boundedInteger, ZPage } from "./integers";
import { LIMITS } from "./limits";

export const ROLES = ["client", "agent", "admin"] as const;
export const ZRole = Type.Union([Type.Literal("client"), Type.Literal("agent"), Type.Literal("admin")]);
export type TRole = (typeof ROLES)[number];

/** What a person sees about an account's state, derived from status and timestamps. */
export const USER_STATES = ["invited", "awaiting_activation", "awaiting_approval", "active", "suspended"] as const;
export const ZUserState = Type.Union([
  Type.Literal("invited"),
  Type.Literal("awaiting_activation"),
  Type.Literal("awaiting_approval"),
  Type.Literal("active"),
  Type.Literal("suspended"),
]);
export type TUserState = (typeof USER_STATES)[number];

export const ZId = Type.String({ format: "uuid", description: "A UUIDv7 id" });
const email = Type.String({ format: "email", maxLength: LIMITS.email.max, description: "Email address" });
const username = Type.String({
  minLength: LIMITS.username.min,
  maxLength: LIMITS.username.max,
  pattern: LIMITS.username.pattern,
  description: `${LIMITS.username.min}–${LIMITS.username.max} letters, digits, dots, dashes or underscores`,
});
const personName = Type.String({ minLength: LIMITS.personName.min, maxLength: LIMITS.personName.max });
const phone = Type.String({ maxLength: LIMITS.phone.max, pattern: LIMITS.phone.pattern, description: "Digits, spaces, + ( ) - ." });
const password = Type.String({
  minLength: LIMITS.password.min,
  maxLength: LIMITS.password.max,
  description: `At least ${LIMITS.password.min} characters`,
});
const token = Type.String({ minLength: LIMITS.token.min, maxLength: LIMITS.token.max });

export const ZError = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    field: Type.Optional(Type.String()),
  }),
});

export const ZMe = Type.Object({
  id: ZId,
  email: Type.String(),
  username: Type.String(),
  name: Type.String(),
  role: ZRole,
  accountId: Type.Union([ZId, Type.Null()]),
  accountName: Type.Union([Type.String(), Type.Null()]),
  /** When they last logged in; every log-in records it, so for the person asking it is this session's or a later one. */
  lastLoginAt: Type.Union([Type.String(), Type.Null()]),
});
export type TMe = Static<typeof ZMe>;

export const ZSessionResponse = Type.Object({
  data: Type.Object({
    user: Type.Union([ZMe, Type.Null()]),
    /** Send back as the `x-csrf-token` header on every write while logged in. */
    csrfToken: Type.Union([Type.String(), Type.Null()]),
    setupRequired: Type.Boolean(),
    requireApproval: Type.Boolean(),
    agencyName: Type.String(),
    /** The currency a new quote starts in. */
    defaultCurrency: Type.String(),
  }),
});
export type TSessionResponse = Static<typeof ZSessionResponse>;

export const ZLoginRequest = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 254, description: "Username or email" }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
});
export type TLoginRequest = Static<typeof ZLoginRequest>;

export const ZLoginResponse = Type.Object({ data: Type.Object({ user: ZMe, csrfToken: Type.String() }) });
export type TLoginResponse = Static<typeof ZLoginResponse>;

export const ZRegisterRequest = Type.Object({
  email,
  username,
  name: personName,
  phone,
  company: Type.Optional(Type.String({ maxLength: 120, description: "Company name (optional)" })),
  password,
});
export type TRegisterRequest = Static<typeof ZRegisterRequest>;

export const ZRegisterResponse = Type.Object({ data: Type.Object({ email: Type.String() }) });

export const TOKEN_KINDS = ["activation", "password_reset", "invitation", "setup"] as const;
export const ZTokenKind = Type.Union([
  Type.Literal("activation"),
  Type.Literal("password_reset"),
  Type.Literal("invitation"),
  Type.Literal("setup"),
]);
export const ZInspectTokenQuery = Type.Object({ kind: ZTokenKind, token });
export const ZInspectTokenResponse = Type.Object({
  data: Type.Object({
    valid: Type.Boolean(),
    email: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
    username: Type.Optional(Type.String()),
  }),
});
export type TInspectTokenResponse = Static<typeof ZInspectTokenResponse>;

export const ZActivateRequest = Type.Object({ token });
export const ZActivateResponse = Type.Object({
  data: Type.Object({ status: Type.Union([Type.Literal("active"), Type.Literal("awaiting_approval")]) }),
});
export type TActivateResponse = Static<typeof ZActivateResponse>;

export const ZForgotPasswordRequest = Type.Object({ email });
export const ZResendActivationRequest = Type.Object({ email });
export const ZResetPasswordRequest = Type.Object({ token, password });
export const ZAcceptInvitationRequest = Type.Object({ token, password, username: Type.Optional(username) });
export const ZSetupRequest = Type.Object({ token, email, username, name: personName, password });
export const ZChangePasswordRequest = Type.Object({
  currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
  newPassword: password,
});
export const ZOk = Type.Object({ data: Type.Object({ ok: Type.Boolean() }) });

export const ZUser = Type.Object({
  id: ZId,
  email: Type.String(),
  username: Type.String(),
  name: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  role: ZRole,
  status: Type.Union([Type.Literal("pending"), Type.Literal("active"), Type.Literal("suspended")]),
  state: ZUserState,
  accountId: Type.Union([ZId, Type.Null()]),
  accountName: Type.Union([Type.String(), Type.Null()]),
  /** The company a registrant typed (kept for the agency to place them in an account). */
  company: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  lastLoginAt: Type.Union([Type.String(), Type.Null()]),
});
export type TUser = Static<typeof ZUser>;

export const ZUserListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  role: Type.Optional(ZRole),
  state: Type.Optional(ZUserState),
  page: Type.Optional(ZPage),
});
export const ZUserList = Type.Object({ data: Type.Array(ZUser), total: Type.Integer(), pageSize: Type.Integer() });
export type TUserList = Static<typeof ZUserList>;

export const ZInviteRequest = Type.Object({
  email,
  name: personName,
  role: ZRole,
  /** Required for clients: the client account the contact belongs to. */
  accountId: Type.Optional(ZId),
});
export type TInviteRequest = Static<typeof ZInviteRequest>;

export const ZUpdateUserRequest = Type.Object(
  {
    role: Type.Optional(ZRole),
    status: Type.Optional(Type.Union([Type.Literal("active"), Type.Literal("suspended")])),
    accountId: Type.Optional(Type.Union([ZId, Type.Null()])),
    /** Place a client contact in a new client account of this name (created in the same step). */
    newAccountName: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
  },
  { minProperties: 1 },
);
export type TUpdateUserRequest = Static<typeof ZUpdateUserRequest>;
export const ZUserResponse = Type.Object({ data: ZUser });

export const ZAgentRef = Type.Object({
  id: ZId,
  name: Type.String(),
  email: Type.String(),
  /** An agent can be assigned while their invitation is pending ("invited"). */
  state: ZUserState,
});
export const ZAccount = Type.Object({
  id: ZId,
  name: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  website: Type.Union([Type.String(), Type.Null()]),
  contactCount: Type.Integer(),
  agents: Type.Array(ZAgentRef),
  /** Registrations from these email domains join this account (when Settings place them by domain). */
  domains: Type.Array(Type.String()),
  createdAt: Type.String(),
});
export type TAccount = Static<typeof ZAccount>;
export const ZAccountList = Type.Object({ data: Type.Array(ZAccount), total: Type.Integer(), pageSize: Type.Integer() });
export type TAccountList = Static<typeof ZAccountList>;
export const ZAccountListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  page: Type.Optional(ZPage),
});
export const ZAccountDetail = Type.Object({
  data: Type.Object({ account: ZAccount, contacts: Type.Array(ZUser) }),
  policies: Type.Object({ update: Type.Boolean(), assignAgents: Type.Boolean(), inviteContacts: Type.Boolean(), merge: Type.Boolean() }),
});
export type TAccountDetail = Static<typeof ZAccountDetail>;
const website = Type.String({ maxLength: 200, description: "Website address" });
const domains = Type.Array(Type.String({ maxLength: 253 }), {
  maxItems: 20,
  description: "Email domains whose registrations join this account, e.g. doebakery.com",
});
export const ZCreateAccountRequest = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 120 }),
  phone: Type.Optional(phone),
  website: Type.Optional(website),
  domains: Type.Optional(domains),
});
export type TCreateAccountRequest = Static<typeof ZCreateAccountRequest>;
export const ZUpdateAccountRequest = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    phone: Type.Optional(phone),
    website: Type.Optional(website),
    domains: Type.Optional(domains),
  },
  { minProperties: 1 },
);
/** Merge this account into another: its contacts, tickets, work requests, files and history move there. */
export const ZMergeAccountRequest = Type.Object({ intoAccountId: ZId });
export const ZAccountResponse = Type.Object({ data: ZAccount });

/**
 * Where a new registration lands: `agency` — it waits for the agency to place the person in a
 * client account; `domain` — it joins the account listing the email's domain (else waits);
 * `own` — it gets an account of its own named after the company (a name already taken waits).
 */
export const REGISTRATION_PLACEMENTS = ["agency", "domain", "own"] as const;
export const ZRegistrationPlacement = Type.Union([Type.Literal("agency"), Type.Literal("domain"), Type.Literal("own")]);
export type TRegistrationPlacement = Static<typeof ZRegistrationPlacement>;

/** A reference prefix: 2–6 capital letters or digits, starting with a letter ("SUP", "WEB"). */
export const ZReferencePrefix = Type.String({ pattern: "^[A-Z][A-Z0-9]{1,5}$", description: "2–6 capital letters or digits" });

/** An invoice number's prefix: "INV-", "CN-", "2026/"; up to 12 characters. */
export const ZInvoicePrefix = Type.String({
  pattern: "^[A-Za-z0-9][A-Za-z0-9\\-/_.]{0,11}$",
  description: "Up to 12 letters, digits or - / _ . (starting with a letter or digit)",
});
/** Days before or after a due date (payment reminders): at most 10, each 0–365, no repeats. */
const ZReminderDays = Type.Array(boundedInteger({ minimum: 0, maximum: 365 }), { maxItems: 10, uniqueItems: true });

export const ZSettings = Type.Object({
  agencyName: Type.String({ minLength: 1, maxLength: 80 }),
  /** New registrations wait for an admin's approval after activating their email. */
  requireApproval: Type.Boolean(),
  registrationPlacement: ZRegistrationPlacement,
  /** Completed work requests leave the board for the archive this many days after completion. */
  archiveCompletedAfterDays: boundedInteger({ minimum: 1, maximum: 3650 }),
  /** The currency a new quote starts in (ISO 4217). */
  defaultCurrency: Type.String({ pattern: "^[A-Z]{3}$" }),
  // Branding (seed 003 §7 "Support Contact"): on the log-in page, the navigation, every email and the Help page.
  /** The accent colour of buttons and links, #rrggbb; dark enough for white text (4.5:1). */
  accentColor: Type.String({ pattern: "^#[0-9a-fA-F]{6}$", description: "#rrggbb" }),
  /** The agency's logo: an uploaded image (POST /api/files, then its id here); null for none. */
  logoFileId: Type.Union([ZId, Type.Null()]),
  /** The name emails come from; empty: the agency name. */
  senderName: Type.String({ maxLength: 80 }),
  supportEmail: Type.Union([Type.Literal(""), Type.String({ format: "email", maxLength: 254 })]),
  supportPhone: Type.String({ maxLength: 40, pattern: "^[0-9+()\\-. ]*$" }),
  /** When support answers, in the agency's words ("Mon–Fri 9:00–17:00 AEST"). */
  supportHours: Type.String({ maxLength: 120 }),
  /** Show "Powered by Portico" under the log-in page and emails. */
  poweredBy: Type.Boolean(),
  // Mail
  /** The address clients write to for a new ticket; empty: the MAIL_FROM address (without a reply+ tag). */
  supportAddress: Type.Union([Type.Literal(""), Type.String({ format: "email", maxLength: 254 })]),
  /** Email the client an acknowledgement with the reference when a ticket is raised (in the portal or by email). */
  acknowledgeNewTickets: Type.Boolean(),
  // References: each kind of object has its own visible prefix ("SUP-1042", "WEB-318").
  ticketPrefix: ZReferencePrefix,
  taskPrefix: ZReferencePrefix,
  // Billing (modules/billing; GET/PUT /api/billing/settings edits these and the next numbers).
  /** An invoice number's prefix ("INV-" → "INV-1001"). */
  invoicePrefix: ZInvoicePrefix,
  creditNotePrefix: ZInvoicePrefix,
  /** Due date = issue date + this many days, when a draft sets none. */
  paymentTermsDays: boundedInteger({ minimum: 0, maximum: 365 }),
  /** The agency's tax id, printed on invoices ("ABN 12 345 678 901"); empty: none. */
  agencyTaxId: Type.String({ maxLength: 60, pattern: "^[^\\u0000-\\u001f]*$" }),
  /** The tax rate (basis points: 1000 = 10.00 %) of lines copied from an accepted quote. */
  defaultTaxRateBasisPoints: boundedInteger({ minimum: 0, maximum: 10_000 }),
  /** Payment reminders this many days before the due date, and after it. */
  reminderDaysBefore: ZReminderDays,
  reminderDaysAfter: ZReminderDays,
});
export type TSettings = Static<typeof ZSettings>;

/** What anyone may know of the agency, logged in or not: its name, colour, logo and support contact. */
export const ZBranding = Type.Object({
  agencyName: Type.String(),
  accentColor: Type.String(),
  logoUrl: Type.Union([Type.String(), Type.Null()]),
  support: Type.Object({ email: Type.String(), phone: Type.String(), hours: Type.String() }),
  poweredBy: Type.Boolean(),
  /** How tickets and tasks are referred to on screen ("SUP-1042", "WEB-318"). */
  ticketPrefix: Type.String(),
  taskPrefix: Type.String(),
});
export type TBranding = Static<typeof ZBranding>;
export const ZBrandingResponse = Type.Object({ data: ZBranding });
/** The names of the settings, each with its own schema in ZSettings. */
export const SETTING_KEYS = Object.keys(ZSettings.properties) as (keyof TSettings)[];
/**
 * A change to some settings. Each key is checked against its own schema, and a key that is not a
 * setting is refused by name (`propertyNames`): with `additionalProperties: false` alone, ajv
 * (as Fastify sets it up) would drop it silently, so a typo would look saved.
 */
export const ZUpdateSettingsRequest = Type.Partial(ZSettings, {
  minProperties: 1,
  additionalProperties: false,
  propertyNames: { enum: SETTING_KEYS },
});
export const ZSettingsResponse = Type.Object({ data: ZSettings });

export const ZMailSummary = Type.Object({
  id: ZId,
  to: Type.String(),
  subject: Type.String(),
  createdAt: Type.String(),
});
export const ZMailList = Type.Object({ data: Type.Array(ZMailSummary), total: Type.Integer(), pageSize: Type.Integer() });
export type TMailList = Static<typeof ZMailList>;
export const ZMailListQuery = Type.Object({
  to: Type.Optional(Type.String({ maxLength: 254 })),
  page: Type.Optional(ZPage),
});
export const ZMail = Type.Object({
  data: Type.Object({
    id: ZId,
    to: Type.String(),
    from: Type.String(),
    subject: Type.String(),
    text: Type.String(),
    html: Type.Union([Type.String(), Type.Null()]),
    /** Threading and reply headers (Message-ID, In-Reply-To, References, Reply-To). */
    headers: Type.Record(Type.String(), Type.String()),
    createdAt: Type.String(),
  }),
});
export type TMail = Static<typeof ZMail>;

export const ZEvent = Type.Object({
  id: ZId,
  verb: Type.String(),
  objectType: Type.String(),
  objectId: Type.String(),
  accountId: Type.Union([Type.String(), Type.Null()]),
  actor: Type.Union([Type.Object({ id: ZId, name: Type.String() }), Type.Null()]),
  payload: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String(),
});
export type TEvent = Static<typeof ZEvent>;
/** The kinds of object the audit log names and can be filtered by. */
export const AUDIT_OBJECT_TYPES = [
  "settings",
  "user",
  "account",
  "ticket",
  "task",
  "canned_reply",
  "ticket_category",
  "request_type",
  "task_template",
  "file",
  "email",
] as const;
/**
 * One changed field of an audit entry, in words: "Accent colour: #4263eb → #0b7285". A secret or a
 * long text is never printed: its `before` and `after` are null and it reads "changed".
 */
export const ZAuditChange = Type.Object({
  field: Type.String(),
  label: Type.String(),
  before: Type.Union([Type.String(), Type.Null()]),
  after: Type.Union([Type.String(), Type.Null()]),
});
export type TAuditChange = Static<typeof ZAuditChange>;
/** An audit log entry: the event, the object's name resolved by the server, and what changed. */
export const ZAuditEntry = Type.Object({
  ...ZEvent.properties,
  object: Type.Object({
    /** "Ticket", "Canned reply", … */
    typeLabel: Type.String(),
    /** "SUP-1042 Printer jammed", "Jane Doe (jane@example.com)"; a deleted object: its last known name, or "(deleted)". */
    name: Type.String(),
    /** Where the object is in the app; null when it has no page (or is gone). */
    href: Type.Union([Type.String(), Type.Null()]),
    deleted: Type.Boolean(),
  }),
  changes: Type.Array(ZAuditChange),
});
export type TAuditEntry = Static<typeof ZAuditEntry>;
export const ZEventList = Type.Object({ data: Type.Array(ZAuditEntry), total: Type.Integer(), pageSize: Type.Integer() });
export type TEventList = Static<typeof ZEventList>;
export const ZEventListQuery = Type.Object({
  verb: Type.Optional(Type.String({ maxLength: 80 })),
  /** Only events about this kind of object. */
  objectType: Type.Optional(Type.Union(AUDIT_OBJECT_TYPES.map((t) => Type.Literal(t)))),
  /** Only events by people whose name or email contains this. */
  actor: Type.Optional(Type.String({ maxLength: 80 })),
  page: Type.Optional(ZPage),
});

export const ZDashboard = Type.Object({
  data: Type.Object({
    role: ZRole,
    /** A client's own account, with the agents who work it. */
    account: Type.Union([ZAccount, Type.Null()]),
    /** Staff: how many client accounts they work, and people waiting for an admin. */
    stats: Type.Object({
      accounts: Type.Integer(),
      contacts: Type.Integer(),
      awaitingApproval: Type.Integer(),
    }),
    recentActivity: Type.Array(ZEvent),
  }),
});
export type TDashboard = Static<typeof ZDashboard>;
