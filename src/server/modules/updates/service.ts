import type { Readable } from "node:stream";
import { ZipFile } from "yazl";
import type { TFile, TPersonRef } from "../../../common/conversations";
import { excerptOf } from "../../../common/markdown-text";
import type { TNextAction, TNextActionSide } from "../../../common/next-actions";
import type {
  TAddClientNoteRequest,
  TClientNote,
  TClientNoteList,
  TCreateUpdateRequest,
  TDecisionRequest,
  TDeliverable,
  TDeliverableList,
  TDraftStatus,
  TFinalFile,
  TPostVersionRequest,
  TUpdateDetail,
  TUpdateLink,
  TUpdateList,
  TUpdateListQuery,
  TUpdateSummary,
} from "../../../common/updates";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import type { UpdateState } from "../../platform/db/tables/updates";
import { AppError, assertAllowed, forbidden, notFound, validation } from "../../platform/errors";
import { recordEvent } from "../../platform/events";
import { newId, nowIso } from "../../platform/ids";
import { assertAccountVisible, canSeeAccount, isStaff } from "../../platform/policy";
import { personRef } from "../../platform/presenters";
import { findAccountRow } from "../clients/queries";
import { presentComment, readConversation, writeComment } from "../conversations/service";
import { sanitizeFileName } from "../files/names";
import { attachFiles, filesFor, presentFile } from "../files/service";
import { updateDecisions, updatePolicy } from "./policy";
import * as q from "./queries";

export const FEED_PAGE_SIZE = 20;
/** Most items of each kind one person's "next actions" list takes from this module. */
export const NEXT_ACTIONS_CAP = 20;

const someone = (ref: TPersonRef | null): TPersonRef =>
  ref ?? { id: "00000000-0000-7000-8000-000000000000", name: "Deleted user", role: "agent" };
const nameKey = (name: string) => name.trim().replace(/\s+/g, " ").toLowerCase();

function draftStatusOf(state: UpdateState): TDraftStatus | null {
  return state === "posted" ? null : state;
}

function linkOf(
  row: { ticket_id: string | null; task_id: string | null },
  targets: Awaited<ReturnType<typeof q.linkTargets>>,
): TUpdateLink | null {
  if (row.ticket_id) {
    const t = targets.tickets.get(row.ticket_id);
    return t ? { type: "ticket", id: row.ticket_id, ...t } : null;
  }
  if (row.task_id) {
    const t = targets.tasks.get(row.task_id);
    return t ? { type: "task", id: row.task_id, ...t } : null;
  }
  return null;
}

/** Feed cards for these rows, as `actor` sees them: read or not, and (staff only) who opened them. */
async function summaries(db: Executor, actor: Actor, rows: q.UpdateRow[]): Promise<TUpdateSummary[]> {
  const ids = rows.map((r) => r.id);
  const [bodies, counts, reads, targets] = await Promise.all([
    q.latestBodies(db, rows),
    q.fileCounts(db, ids),
    q.readsOf(db, ids),
    q.linkTargets(db, rows),
  ]);
  return rows.map((row) => {
    const mine = reads.filter((r) => r.update_id === row.id);
    return {
      id: row.id,
      kind: row.kind,
      title: row.title,
      excerpt: excerptOf(bodies.get(row.id)?.body ?? "", 240),
      account: { id: row.account_id, name: row.account_name },
      postedBy: someone(personRef(row.posted_by, row.poster_name ?? null, row.poster_role ?? null)),
      postedAt: row.created_at,
      updatedAt: row.updated_at,
      latestVersion: Number(row.latest_version),
      draftStatus: row.kind === "draft" ? draftStatusOf(row.state) : null,
      read: mine.some((r) => r.user_id === actor.id),
      fileCount: counts.get(row.id)?.files ?? 0,
      deliverableCount: counts.get(row.id)?.deliverables ?? 0,
      link: linkOf(row, targets),
      // Why staff only: a client has no business knowing which of the agency's people read what.
      seenBy: isStaff(actor)
        ? mine.filter((r) => r.user_id !== row.posted_by).map((r) => ({ name: r.name, role: r.role, at: r.read_at }))
        : [],
    };
  });
}

async function loadVisible(db: Executor, actor: Actor, id: string): Promise<q.UpdateRow> {
  const row = await q.findVisibleUpdate(db, actor, id);
  if (!row) throw notFound("Update");
  return row;
}

/** The feed: a client's own account; staff the accounts in their scope, optionally one of them. Newest first. */
export async function listUpdates(ctx: AppContext, actor: Actor, query: TUpdateListQuery): Promise<TUpdateList> {
  if (query.accountId) await assertAccountVisible(ctx.db, actor, query.accountId);
  const page = query.page ?? 1;
  const { rows, total } = await q.listUpdates(ctx.db, actor, { accountId: query.accountId, kind: query.kind }, page, FEED_PAGE_SIZE);
  return { data: await summaries(ctx.db, actor, rows), page, pageSize: FEED_PAGE_SIZE, total };
}

/** Staff who handle the account (an admin, or an agent assigned to it); anyone else: 404, a client 403. */
async function assertMayPost(db: Executor, actor: Actor, accountId: string): Promise<void> {
  await assertAccountVisible(db, actor, accountId);
  if (!isStaff(actor)) throw new AppError("staff_only", "Only the agency's staff post updates.");
}

/**
 * Writes one version's text, attaches its files (owned by the version) and makes the files marked
 * final deliverables of the account: a new deliverable, or the next version of one. Returns the
 * version's id and how many files became deliverables.
 */
async function writeVersion(
  tx: Executor,
  actor: Actor,
  update: { id: string; account_id: string },
  version: number,
  input: TPostVersionRequest,
  now: string,
): Promise<{ versionId: string; finalFiles: number }> {
  const versionId = newId();
  await q.insertVersion(tx, {
    id: versionId,
    update_id: update.id,
    account_id: update.account_id,
    version,
    body: input.body,
    posted_by: actor.id,
    posted_at: now,
    decision: null,
    decision_comment: null,
    decided_by: null,
    decided_at: null,
  });
  const fileIds = [...new Set(input.fileIds ?? [])];
  const finals: TFinalFile[] = input.deliverables ?? [];
  const finalIds = new Set<string>();
  for (const final of finals) {
    if (!fileIds.includes(final.fileId))
      throw validation("deliverables", "A final deliverable must be one of the files attached to this update.");
    if (finalIds.has(final.fileId)) throw validation("deliverables", "Each file can be marked final only once.");
    finalIds.add(final.fileId);
  }
  if (fileIds.length) await attachFiles(tx, actor, fileIds, { type: q.VERSION_FILE_OWNER, id: versionId, accountId: update.account_id });
  const files = (await filesFor(tx, q.VERSION_FILE_OWNER, [versionId])).get(versionId) ?? [];
  const fileNames = new Map(files.map((f) => [f.id, f.name]));
  const touched = new Set<string>();
  for (const final of finals) {
    let deliverable = final.deliverableId ? await q.findDeliverable(tx, update.account_id, final.deliverableId) : undefined;
    if (final.deliverableId && !deliverable)
      throw validation("deliverables", "That deliverable was not found for this client. Choose one of theirs.");
    const name = (final.name ?? fileNames.get(final.fileId) ?? "Deliverable").trim().replace(/\s+/g, " ");
    // The same name as an existing deliverable of the account is a new version of it.
    deliverable ??= await q.findDeliverableByKey(tx, update.account_id, nameKey(name));
    let deliverableId: string;
    let next = 1;
    if (deliverable) {
      deliverableId = deliverable.id;
      next = Number(deliverable.latest_version) + 1;
      await tx.updateTable("deliverables").set({ latest_version: next, updated_at: now }).where("id", "=", deliverableId).execute();
    } else {
      deliverableId = newId();
      await tx
        .insertInto("deliverables")
        .values({
          id: deliverableId,
          account_id: update.account_id,
          name,
          name_key: nameKey(name),
          latest_version: 1,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    if (touched.has(deliverableId)) throw validation("deliverables", "Two files of one update cannot be versions of the same deliverable.");
    touched.add(deliverableId);
    await tx
      .insertInto("deliverable_versions")
      .values({
        id: newId(),
        deliverable_id: deliverableId,
        account_id: update.account_id,
        version: next,
        file_id: final.fileId,
        update_id: update.id,
        update_version_id: versionId,
        created_at: now,
      })
      .execute();
  }
  return { versionId, finalFiles: finals.length };
}

/** Posts a work update or a draft for review (its version 1) on a client's feed. */
export async function createUpdate(ctx: AppContext, actor: Actor, accountId: string, input: TCreateUpdateRequest): Promise<TUpdateDetail> {
  const id = await ctx.db.transaction().execute(async (tx) => {
    await assertMayPost(tx, actor, accountId);
    if (input.ticketId && input.taskId) throw validation("taskId", "Link the update to a ticket or to a work request, not both.");
    if (input.ticketId && !(await q.ticketOfAccount(tx, accountId, input.ticketId)))
      throw validation("ticketId", "That ticket was not found for this client. Choose one of their tickets.");
    if (input.taskId && !(await q.taskOfAccount(tx, accountId, input.taskId)))
      throw validation("taskId", "That work request was not found for this client. Choose one of their work requests.");
    const title = input.title.trim();
    if (!title) throw validation("title", "Give the update a title.");
    if (!input.body.trim()) throw validation("body", "Write what the update says.");
    const updateId = newId();
    const now = nowIso();
    await q.insertUpdate(tx, {
      id: updateId,
      account_id: accountId,
      kind: input.kind,
      title,
      posted_by: actor.id,
      ticket_id: input.ticketId ?? null,
      task_id: input.taskId ?? null,
      latest_version: 1,
      state: input.kind === "draft" ? "waiting" : "posted",
      state_since: now,
      created_at: now,
      updated_at: now,
    });
    const { finalFiles } = await writeVersion(tx, actor, { id: updateId, account_id: accountId }, 1, input, now);
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "update.posted",
      objectType: "update",
      objectId: updateId,
      accountId,
      payload: { updateId, title, kind: input.kind, body: input.body, finalFiles },
    });
    return updateId;
  });
  return detail(ctx.db, actor, await loadVisible(ctx.db, actor, id));
}

async function detail(db: Executor, actor: Actor, row: q.UpdateRow): Promise<TUpdateDetail> {
  const [summary] = await summaries(db, actor, [row]);
  const versions = await q.versionsOf(db, row.id);
  const ids = versions.map((v) => v.id);
  const [files, finals] = await Promise.all([filesFor(db, q.VERSION_FILE_OWNER, ids), q.deliverablesOfVersions(db, ids)]);
  const latest = versions.find((v) => Number(v.version) === Number(row.latest_version));
  return {
    data: {
      update: summary!,
      versions: versions.map((v) => ({
        version: Number(v.version),
        body: v.body,
        postedBy: someone(personRef(v.posted_by, v.poster_name ?? null, v.poster_role ?? null)),
        postedAt: v.posted_at,
        files: files.get(v.id) ?? [],
        deliverables: finals
          .filter((f) => f.update_version_id === v.id)
          .map((f) => ({ fileId: f.file_id, deliverableId: f.id, name: f.name, version: Number(f.version) })),
        decision:
          v.decision && v.decided_at
            ? {
                decision: v.decision,
                comment: v.decision_comment ?? "",
                decidedBy: someone(personRef(v.decided_by, v.decider_name ?? null, v.decider_role ?? null)),
                decidedAt: v.decided_at,
              }
            : null,
      })),
    },
    policies: updatePolicy(actor, row, latest ? { version: Number(latest.version), decision: latest.decision } : undefined),
  };
}

/** The update with every version; opening it records that the caller has read it. */
export async function getUpdate(ctx: AppContext, actor: Actor, id: string): Promise<TUpdateDetail> {
  const row = await loadVisible(ctx.db, actor, id);
  await q.markRead(ctx.db, row, actor.id, nowIso());
  return detail(ctx.db, actor, row);
}

/** Staff post the next version of a draft (in answer to the client's decision, or before it). */
export async function postVersion(ctx: AppContext, actor: Actor, id: string, input: TPostVersionRequest): Promise<TUpdateDetail> {
  await ctx.db.transaction().execute(async (tx) => {
    const row = await loadVisible(tx, actor, id);
    assertAllowed(updateDecisions(actor, row).postVersion);
    if (!input.body.trim()) throw validation("body", "Write what changed in this version.");
    const version = Number(row.latest_version) + 1;
    const now = nowIso();
    const { finalFiles } = await writeVersion(tx, actor, row, version, input, now);
    await q.setUpdateState(tx, row.id, { state: "waiting", state_since: now, latest_version: version, updated_at: now });
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "draft.version_posted",
      objectType: "update",
      objectId: row.id,
      accountId: row.account_id,
      payload: { updateId: row.id, title: row.title, version, body: input.body, finalFiles },
    });
  });
  return detail(ctx.db, actor, await loadVisible(ctx.db, actor, id));
}

/** The client approves a draft's latest version, or requests edits with a comment; recorded on the version. */
export async function decideVersion(
  ctx: AppContext,
  actor: Actor,
  id: string,
  version: number,
  input: TDecisionRequest,
): Promise<TUpdateDetail> {
  await ctx.db.transaction().execute(async (tx) => {
    const row = await loadVisible(tx, actor, id);
    const target = await q.findVersion(tx, row.id, version);
    if (!target) throw notFound(`Version ${version} of this update`);
    assertAllowed(updateDecisions(actor, row, { version: Number(target.version), decision: target.decision }).decide);
    const comment = (input.comment ?? "").trim();
    if (input.decision === "request_edits" && !comment)
      throw validation("comment", "Say what should change so your agent can make the edits.");
    const decision = input.decision === "approve" ? "approved" : "edits_requested";
    const now = nowIso();
    const result = await tx
      .updateTable("update_versions")
      .set({ decision, decision_comment: comment || null, decided_by: actor.id, decided_at: now })
      .where("id", "=", target.id)
      .where("decision", "is", null)
      .executeTakeFirst();
    // Someone else of the account decided a moment ago.
    if (Number(result.numUpdatedRows) !== 1) assertAllowed(updateDecisions(actor, row, { version, decision }).decide);
    await q.setUpdateState(tx, row.id, { state: decision, state_since: now });
    await recordEvent(tx, {
      actorId: actor.id,
      verb: decision === "approved" ? "draft.approved" : "draft.edits_requested",
      objectType: "update",
      objectId: row.id,
      accountId: row.account_id,
      payload: { updateId: row.id, title: row.title, version, comment },
    });
  });
  return detail(ctx.db, actor, await loadVisible(ctx.db, actor, id));
}

/** The account a deliverables request is about: a client's own; staff name one they may see. */
async function deliverablesAccount(db: Executor, actor: Actor, accountId: string | undefined): Promise<{ id: string; name: string }> {
  const id = actor.role === "client" ? (accountId ?? actor.accountId) : accountId;
  if (!id) {
    if (actor.role === "client") throw forbidden("Your login is not linked to a client account yet. Contact the agency.");
    throw validation("accountId", "Choose the client whose deliverables to show.");
  }
  if (!(await canSeeAccount(db, actor, id))) throw notFound("Client account");
  const account = await findAccountRow(db, id);
  if (!account) throw notFound("Client account");
  return { id: account.id, name: account.name };
}

/** Every deliverable of the account with its versions (newest first), the files and the updates they came from. */
export async function listDeliverables(ctx: AppContext, actor: Actor, accountId: string | undefined): Promise<TDeliverableList> {
  const account = await deliverablesAccount(ctx.db, actor, accountId);
  const rows = await q.deliverableVersionsOf(ctx.db, account.id);
  const targets = await q.linkTargets(ctx.db, rows);
  const byId = new Map<string, TDeliverable>();
  for (const row of rows) {
    let d = byId.get(row.deliverable_id);
    if (!d) {
      d = {
        id: row.deliverable_id,
        name: row.deliverable_name,
        latestVersion: Number(row.latest_version),
        updatedAt: row.deliverable_updated_at,
        versions: [],
      };
      byId.set(row.deliverable_id, d);
    }
    d.versions.push({
      version: Number(row.version),
      file: presentFile({ id: row.file_id, name: row.file_name, content_type: row.content_type, size: row.size }),
      createdAt: row.created_at,
      update: { id: row.update_id, title: row.update_title, version: Number(row.update_version) },
      link: linkOf(row, targets),
    });
  }
  const zipUrl = actor.role === "client" ? "/api/deliverables.zip" : `/api/accounts/${account.id}/deliverables.zip`;
  return { data: [...byId.values()], account, zipUrl };
}

/** A zip entry's name from the deliverable's name, keeping the file's extension; unique within the zip. */
function entryNames(items: { name: string; fileName: string }[]): string[] {
  const used = new Set<string>();
  return items.map(({ name, fileName }) => {
    const extension = fileName.match(/\.[\p{L}\p{N}]{1,12}$/u)?.[0] ?? "";
    let base = sanitizeFileName(name).replace(/\.[\p{L}\p{N}]{1,12}$/u, (ext) =>
      ext.toLowerCase() === extension.toLowerCase() ? "" : ext,
    );
    if (!base) base = "file";
    let candidate = `${base}${extension}`;
    for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${base} (${n})${extension}`;
    used.add(candidate.toLowerCase());
    return candidate;
  });
}

/** "Download all (zip)": the latest version of each deliverable, streamed. */
export async function deliverablesZip(
  ctx: AppContext,
  actor: Actor,
  accountId: string | undefined,
): Promise<{ fileName: string; stream: Readable }> {
  const account = await deliverablesAccount(ctx.db, actor, accountId);
  const latest = (await q.deliverableVersionsOf(ctx.db, account.id)).filter((r) => Number(r.version) === Number(r.latest_version));
  if (latest.length === 0) throw notFound("Deliverables");
  const names = entryNames(latest.map((r) => ({ name: r.deliverable_name, fileName: r.file_name })));
  const zip = new ZipFile();
  latest.forEach((row, index) => {
    zip.addReadStreamLazy(names[index]!, { size: Number(row.size), mtime: new Date(row.created_at) }, (callback) => {
      ctx.storage.get(row.storage_key).then(
        (stream) => callback(null, stream),
        (error) => callback(error, undefined as never),
      );
    });
  });
  zip.end();
  const fileName = `${sanitizeFileName(account.name)} deliverables.zip`;
  return { fileName, stream: zip.outputStream as Readable };
}

/** Staff-only notes on a client: for a client, they do not exist (404). */
async function assertMayReadNotes(db: Executor, actor: Actor, accountId: string): Promise<void> {
  if (!isStaff(actor)) throw notFound("Client account");
  await assertAccountVisible(db, actor, accountId);
}

function presentNote(row: Awaited<ReturnType<typeof readConversation>>["comments"][number], files: Map<string, TFile[]>): TClientNote {
  return {
    id: row.id,
    author: personRef(row.author_id, row.author_name ?? null, row.author_role ?? null),
    createdAt: row.created_at,
    comment: presentComment(row, files),
  };
}

export async function listNotes(ctx: AppContext, actor: Actor, accountId: string): Promise<TClientNoteList> {
  await assertMayReadNotes(ctx.db, actor, accountId);
  const { comments, files } = await readConversation(ctx.db, actor, { type: q.NOTES_OBJECT, id: accountId });
  return { data: comments.filter((c) => c.kind === "note").map((c) => presentNote(c, files)) };
}

export async function addNote(ctx: AppContext, actor: Actor, accountId: string, input: TAddClientNoteRequest): Promise<TClientNote> {
  const id = await ctx.db.transaction().execute(async (tx) => {
    await assertMayReadNotes(tx, actor, accountId);
    if (!input.body.trim()) throw validation("body", "Write the note.");
    const written = await writeComment(tx, { type: q.NOTES_OBJECT, id: accountId, accountId }, actor, {
      kind: "note",
      body: input.body,
      source: "portal",
      fileIds: input.fileIds,
    });
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "client_note.added",
      objectType: q.NOTES_OBJECT,
      objectId: accountId,
      accountId,
      payload: { commentId: written.id },
    });
    return written.id;
  });
  const { comments, files } = await readConversation(ctx.db, actor, { type: q.NOTES_OBJECT, id: accountId });
  const row = comments.find((c) => c.id === id);
  if (!row) throw notFound("Note");
  return presentNote(row, files);
}

/**
 * This module's part of "next actions". A client: drafts whose latest version waits for their
 * decision, and work updates they have not opened. Staff, client side: drafts waiting on their
 * clients. Staff, agency side: drafts with edits requested, to answer with a new version.
 */
export async function updatesNextActions(ctx: AppContext, actor: Actor, side: TNextActionSide): Promise<TNextAction[]> {
  if (side === "agency") {
    if (!isStaff(actor)) return [];
    const rows = await q.draftsWithEditsRequested(ctx.db, actor, NEXT_ACTIONS_CAP);
    return rows.map((r) => ({
      key: `draft:${r.id}`,
      kind: "draft",
      title: "Post a new version of the draft",
      detail: `${r.title} — edits requested on version ${Number(r.latest_version)}`,
      actionLabel: "Post a new version",
      url: `/updates/${r.id}`,
      since: r.state_since,
      accountId: r.account_id,
      accountName: r.account_name,
    }));
  }
  const drafts = await q.waitingDrafts(ctx.db, actor, NEXT_ACTIONS_CAP);
  const items: TNextAction[] = drafts.map((r) => ({
    key: `draft:${r.id}`,
    kind: "draft",
    title: "Review the draft",
    detail: Number(r.latest_version) > 1 ? `${r.title} (version ${Number(r.latest_version)})` : r.title,
    actionLabel: "Review the draft",
    url: `/updates/${r.id}`,
    since: r.state_since,
    accountId: r.account_id,
    accountName: r.account_name,
  }));
  if (actor.role === "client" && actor.accountId) {
    const unread = await q.unreadUpdates(ctx.db, actor.accountId, actor.id, NEXT_ACTIONS_CAP);
    for (const r of unread) {
      items.push({
        key: `update:${r.id}`,
        kind: "update",
        title: "Read the update from your agent",
        detail: r.poster_name ? `${r.title} — from ${r.poster_name}` : r.title,
        actionLabel: "Read the update",
        url: `/updates/${r.id}`,
        since: r.state_since,
        accountId: r.account_id,
        accountName: r.account_name,
      });
    }
  }
  return items;
}
