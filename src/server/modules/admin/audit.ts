/**
 * The audit log in words: each event names its object as a person would ("SUP-1042 Printer
 * jammed", "Jane Doe (jane@example.com)") and lists the fields it changed, "Field: before →
 * after". Secrets and long texts are said to have "changed", never printed.
 */
import { STAGE_LABELS, type TStage } from "../../../common/board";
import { referenceOf } from "../../../common/references";
import type { TAuditChange, TAuditEntry } from "../../../common/schemas";
import { TICKET_PRIORITY_LABELS, TICKET_STATUS_LABELS, type TTicketPriority, type TTicketStatus } from "../../../common/tickets";
import { presentEvent } from "../../platform/event-presenter";
import type { AuditRow } from "./queries";

type Payload = Record<string, unknown>;
type Prefixes = { ticketPrefix: string; taskPrefix: string };

const TYPE_LABELS: Record<string, string> = {
  settings: "Settings",
  user: "User",
  account: "Client account",
  ticket: "Ticket",
  task: "Work request",
  canned_reply: "Canned reply",
  ticket_category: "Ticket category",
  request_type: "Request type",
  task_template: "Task template",
  file: "File",
  email: "Incoming email",
  outgoing_mail: "Outgoing email",
};

/** Human labels of the fields events record as changed (settings, accounts, users, catalogues…). */
const FIELD_LABELS: Record<string, string> = {
  // settings
  agencyName: "Agency name",
  requireApproval: "Require admin approval",
  registrationPlacement: "New registrations go to",
  archiveCompletedAfterDays: "Archive completed work after (days)",
  defaultCurrency: "Default currency",
  accentColor: "Accent colour",
  logoFileId: "Logo",
  senderName: "Email sender name",
  supportEmail: "Support email",
  supportPhone: "Support phone",
  supportHours: "Support hours",
  poweredBy: "Show “Powered by Portico”",
  supportAddress: "Support address for new tickets",
  acknowledgeNewTickets: "Acknowledge new tickets by email",
  ticketPrefix: "Ticket prefix",
  taskPrefix: "Work request prefix",
  // accounts, users, catalogues, tickets, tasks
  name: "Name",
  phone: "Phone",
  website: "Website",
  domains: "Email domains",
  status: "Status",
  stage: "Stage",
  role: "Role",
  accountId: "Client account",
  position: "Position",
  disabled: "Disabled",
  title: "Title",
  body: "Text",
  priority: "Priority",
  category: "Category",
  summary: "Summary",
  description: "Description",
  requestType: "Request type",
  deadline: "Deadline",
};

/** Fields whose values are never printed: secrets, and ids a person cannot read. */
const SECRET = /password|secret|token|apikey|api_key|credential/i;
const ID_FIELD = /Id$|_id$/;
/** Long texts (a reply, a description) are summarised. */
const LONG_TEXT_FIELDS = new Set(["body", "description", "text", "html"]);
const LONG_TEXT = 80;

const REGISTRATION_PLACEMENT: Record<string, string> = {
  agency: "the agency's own account",
  domain: "the account of their email domain",
  own: "a new account of their own",
};

function humanise(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_.]+/g, " ")
    .trim()
    .toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : key;
}

function labelOf(field: string): string {
  return FIELD_LABELS[field] ?? humanise(field);
}

/** A value in words for one field of one kind of object. */
function valueText(objectType: string, field: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "none";
  if (typeof value === "boolean") return value ? "on" : "off";
  if (field === "disabled" && (value === 0 || value === 1)) return value === 1 ? "on" : "off";
  if (Array.isArray(value)) return value.length ? value.map((v) => valueText(objectType, field, v)).join(", ") : "none";
  if (typeof value === "number") return String(value);
  if (typeof value !== "string") return JSON.stringify(value);
  if (field === "registrationPlacement") return REGISTRATION_PLACEMENT[value] ?? value;
  if (objectType === "ticket" && field === "status") return TICKET_STATUS_LABELS[value as TTicketStatus] ?? value;
  if (objectType === "ticket" && field === "priority") return TICKET_PRIORITY_LABELS[value as TTicketPriority] ?? value;
  if (objectType === "task" && field === "stage") return STAGE_LABELS[value as TStage] ?? value;
  // Words the server keeps as identifiers ("awaiting_approval") read as words.
  if (/^[a-z]+(_[a-z]+)+$/.test(value)) return value.replace(/_/g, " ");
  return value;
}

function isLong(value: unknown): boolean {
  return typeof value === "string" && (value.length > LONG_TEXT || value.includes("\n"));
}

function change(objectType: string, field: string, before: unknown, after: unknown): TAuditChange {
  // Why: the audit log is read by every admin; a secret, an opaque id or a whole reply is not printed.
  const hidden = SECRET.test(field) || ID_FIELD.test(field) || LONG_TEXT_FIELDS.has(field) || isLong(before) || isLong(after);
  return {
    field,
    label: labelOf(field),
    before: hidden ? null : valueText(objectType, field, before),
    after: hidden ? null : valueText(objectType, field, after),
  };
}

const isRecord = (value: unknown): value is Payload => typeof value === "object" && value !== null && !Array.isArray(value);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields an event changed: from `before`/`after` snapshots, a `changes` map, or a move's `from`/`to`. */
export function changesOf(verb: string, objectType: string, payload: Payload): TAuditChange[] {
  if (isRecord(payload.before) && isRecord(payload.after)) {
    const { before, after } = payload;
    const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return fields
      .filter((field) => !same(before[field], after[field]))
      .map((field) => change(objectType, field, before[field], after[field]));
  }
  if (isRecord(payload.changes)) {
    return Object.entries(payload.changes)
      .filter((entry): entry is [string, Payload] => isRecord(entry[1]))
      .filter(([, value]) => !same(value.from, value.to) || (value.from === null && value.to === null))
      .map(([field, value]) => change(objectType, field, value.from, value.to));
  }
  const moves = objectType === "ticket" ? "status" : objectType === "task" ? "stage" : null;
  if (moves && verb !== "ticket.created" && typeof payload.from === "string" && typeof payload.to === "string") {
    return [change(objectType, moves, payload.from, payload.to)];
  }
  return [];
}

function text(payload: Payload, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = payload[key];
    if (typeof value === "string" && value.trim()) return value.trim();
  }
  return null;
}

/** The name the event itself kept of its object, for one that is gone. */
function keptName(type: string, payload: Payload, prefixes: Prefixes): string | null {
  const snapshot = isRecord(payload.after) ? payload.after : isRecord(payload.before) ? payload.before : {};
  switch (type) {
    case "ticket":
    case "task": {
      const label = text(payload, type === "ticket" ? "subject" : "summary");
      const number = typeof payload.number === "number" ? payload.number : null;
      const reference = number === null ? null : referenceOf(type === "ticket" ? prefixes.ticketPrefix : prefixes.taskPrefix, number);
      return [reference, label].filter(Boolean).join(" ") || null;
    }
    case "user": {
      const name = text(payload, "name", "username");
      const email = text(payload, "email");
      return name && email ? `${name} (${email})` : (name ?? email);
    }
    case "account":
      return text(payload, "name", "intoName") ?? text(snapshot, "name");
    case "canned_reply":
      return text(payload, "title") ?? text(snapshot, "title");
    default:
      // An ask is named by its prompt (the agent's words; never an answer: events carry none).
      return text(payload, "name", "title", "fileName", "prompt") ?? text(snapshot, "name", "title");
  }
}

type LiveName = { name: string; href: string | null } | null;

/** A live object's name and page; null when its row is gone (the join found nothing). */
const named = (name: string | null, href: string | null): LiveName => (name === null ? null : { name, href });

/** "SUP-1042 Printer jammed": a ticket's or a task's reference and its words; null when it is gone. */
const referenced = (prefix: string, number: unknown, words: string | null, href: string): LiveName =>
  number === null ? null : { name: `${referenceOf(prefix, Number(number))} ${words ?? ""}`.trim(), href };

/** The object's current name and page, from the columns listEvents joined for its type. */
function liveName(row: AuditRow, prefixes: Prefixes): LiveName {
  const id = encodeURIComponent(row.object_id);
  switch (row.object_type) {
    case "settings":
      return { name: "Settings", href: "/admin/settings" };
    case "user":
      if (!row.user_name && !row.user_email) return null;
      return {
        name: row.user_email ? `${row.user_name} (${row.user_email})` : (row.user_name ?? ""),
        href: row.user_email ? `/admin/users?q=${encodeURIComponent(row.user_email)}` : "/admin/users",
      };
    case "account":
      return row.account_name ? { name: row.account_name, href: `/clients/${id}` } : null;
    case "ticket":
      return referenced(prefixes.ticketPrefix, row.ticket_number, row.ticket_subject, `/tickets/${id}`);
    case "task":
      return referenced(prefixes.taskPrefix, row.task_number, row.task_summary, `/work-requests/${id}`);
    case "canned_reply":
      return named(row.canned_reply_title, "/admin/canned-replies");
    case "ticket_category":
      return named(row.ticket_category_name, "/admin/ticket-categories");
    case "request_type":
      return named(row.request_type_name, "/admin/request-types");
    case "task_template":
      return named(row.task_template_name, "/admin/task-templates");
    case "file":
      return named(row.file_name, null);
    default:
      return null;
  }
}

function objectOf(row: AuditRow, payload: Payload, prefixes: Prefixes): TAuditEntry["object"] {
  const typeLabel = TYPE_LABELS[row.object_type] ?? humanise(row.object_type || "item");
  if (row.object_type === "email") {
    // An incoming email is not kept as an object of its own: its sender and subject are in the payload.
    const subject = text(payload, "subject");
    const from = text(payload, "from");
    const name = subject && from ? `“${subject}” from ${from}` : (subject ?? from ?? "(deleted)");
    return { typeLabel, name, href: "/admin/inbound", deleted: false };
  }
  if (row.object_type === "outgoing_mail") {
    // An email's job is kept only for a while: what the admin retried is named in the payload.
    return { typeLabel, name: text(payload, "name") ?? "(email)", href: "/admin/outgoing-mail", deleted: false };
  }
  const live = liveName(row, prefixes);
  if (live) return { typeLabel, ...live, deleted: false };
  return { typeLabel, name: keptName(row.object_type, payload, prefixes) ?? "(deleted)", href: null, deleted: true };
}

/** One audit log entry: the event, its object's name and link, and the fields it changed. */
export function presentAuditEntry(row: AuditRow, prefixes: Prefixes): TAuditEntry {
  const event = presentEvent(row);
  return { ...event, object: objectOf(row, event.payload, prefixes), changes: changesOf(row.verb, row.object_type, event.payload) };
}
