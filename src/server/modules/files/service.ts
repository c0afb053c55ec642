import { Readable } from "node:stream";
import type { TFile } from "../../../common/conversations";
import type { Actor } from "../../platform/auth/sessions";
import type { Config } from "../../platform/config";
import type { AppContext } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import type { FilesTable } from "../../platform/db/schema";
import { AppError, notFound, validation } from "../../platform/errors";
import { newId, nowIso } from "../../platform/ids";
import { canSeeAccount } from "../../platform/policy";
import { newStorageKey, readAll, type Storage } from "../../platform/storage";
import { isImageType, megabytes, normalizeContentType, sanitizeFileName } from "./names";
import * as q from "./queries";

/**
 * Files: uploads wait unattached ("pending", owner NULL) until the message or ticket they were
 * uploaded for is saved, which attaches them inside its own transaction. Every download checks
 * the policy again.
 */

/** Most files one message may carry (MAX_FILES_PER_MESSAGE; set from the configuration at start-up). */
export let MAX_FILES_PER_MESSAGE = 10;
let storage: Storage | undefined;

/** A file as an owner rule sees it. */
export type OwnedFile = Pick<FilesTable, "owner_type" | "owner_id" | "account_id" | "uploaded_by">;
/** A module's extra rule for downloading files its objects own (see ModuleDescriptor.fileOwners). */
export type FileOwnerRule = (db: Executor, actor: Actor, file: OwnedFile & { owner_id: string }) => Promise<boolean>;
let ownerRules = new Map<string, FileOwnerRule>();

/**
 * Called once by buildApp. The service functions the tickets service calls take a transaction,
 * not the app context, so the storage, the limit and the modules' owner rules are kept here.
 */
export function configureFiles(
  config: Pick<Config, "maxFilesPerMessage">,
  fileStorage: Storage,
  rules: Record<string, FileOwnerRule> = {},
): void {
  MAX_FILES_PER_MESSAGE = config.maxFilesPerMessage;
  storage = fileStorage;
  ownerRules = new Map(Object.entries(rules));
}

function configuredStorage(): Storage {
  if (!storage) throw new Error("files: configureFiles() was not called");
  return storage;
}

type FileRow = Pick<FilesTable, "id" | "name" | "content_type" | "size">;

export function presentFile(row: FileRow): TFile {
  return {
    id: row.id,
    name: row.name,
    contentType: row.content_type,
    size: Number(row.size),
    url: `/api/files/${row.id}/download`,
    isImage: isImageType(row.content_type),
  };
}

export interface FileOwner {
  type: string;
  id: string;
  /**
   * The client account the owner belongs to; null for the agency's own content (help articles),
   * which only the owning module's `fileOwners` rule can let anyone download.
   */
  accountId: string | null;
}

export const tooLarge = (limitBytes: number) =>
  new AppError("payload_too_large", `The file is larger than the upload limit of ${megabytes(limitBytes)}.`, "file");

/** Stores one upload as the actor's pending file. The stream is cut at the limit: then 413. */
export async function uploadFile(
  ctx: AppContext,
  actor: Actor,
  upload: { filename: string; mimetype: string; file: Readable & { truncated?: boolean } },
): Promise<TFile> {
  const key = newStorageKey();
  let size = 0;
  const counted = Readable.from(
    (async function* () {
      for await (const chunk of upload.file) {
        size += (chunk as Buffer).length;
        yield chunk;
      }
    })(),
  );
  await ctx.storage.put(key, counted);
  if (upload.file.truncated || size > ctx.config.maxUploadBytes) {
    await ctx.storage.delete(key);
    throw tooLarge(ctx.config.maxUploadBytes);
  }
  if (size === 0) {
    await ctx.storage.delete(key);
    throw validation("file", "The file is empty. Choose another file.");
  }
  const row = {
    id: newId(),
    owner_type: null,
    owner_id: null,
    account_id: null,
    name: sanitizeFileName(upload.filename),
    content_type: normalizeContentType(upload.mimetype),
    size,
    storage_key: key,
    uploaded_by: actor.id,
    created_at: nowIso(),
  };
  try {
    await q.insertFile(ctx.db, row);
  } catch (error) {
    await ctx.storage.delete(key);
    throw error;
  }
  return presentFile(row);
}

/**
 * Attaches the actor's own pending uploads to their owner, in the caller's transaction. Any id
 * that is not the actor's pending upload (someone else's, already attached, made up) fails the
 * whole call, so nothing is half-attached.
 */
export async function attachFiles(tx: Executor, actor: Actor, fileIds: string[], owner: FileOwner): Promise<void> {
  const ids = [...new Set(fileIds)];
  if (ids.length === 0) return;
  if (ids.length > MAX_FILES_PER_MESSAGE) {
    throw validation("fileIds", `Attach at most ${MAX_FILES_PER_MESSAGE} files to one message.`);
  }
  const refused = () =>
    validation("fileIds", "A file could not be attached: it is not your upload or is already attached. Upload it again.");
  const pending = await q.pendingUploadsOf(tx, actor.id, ids);
  if (pending.length !== ids.length) throw refused();
  const attached = await q.attachPendingUploads(tx, actor.id, ids, {
    owner_type: owner.type,
    owner_id: owner.id,
    account_id: owner.accountId,
  });
  // A concurrent request attached one of them first: the caller's transaction rolls back.
  if (attached !== ids.length) throw refused();
}

/** Stores a file that did not come through an upload (an email attachment) on its owner. */
export async function attachSystemFile(
  tx: Executor,
  input: { name: string; contentType: string; data: Buffer; owner: FileOwner; uploadedBy: string | null },
): Promise<string> {
  const key = newStorageKey();
  const id = newId();
  // Written before the row: a rolled-back transaction leaves an unreferenced blob, never a row
  // pointing at nothing.
  await configuredStorage().put(key, input.data);
  await q.insertFile(tx, {
    id,
    owner_type: input.owner.type,
    owner_id: input.owner.id,
    account_id: input.owner.accountId,
    name: sanitizeFileName(input.name),
    content_type: normalizeContentType(input.contentType),
    size: input.data.length,
    storage_key: key,
    uploaded_by: input.uploadedBy,
    created_at: nowIso(),
  });
  return id;
}

/** The files of many owners of one type in one query, keyed by owner id (every asked id present). */
export async function filesFor(db: Executor, ownerType: string, ownerIds: string[]): Promise<Map<string, TFile[]>> {
  const byOwner = new Map<string, TFile[]>(ownerIds.map((id) => [id, []]));
  if (ownerIds.length === 0) return byOwner;
  const rows = await q.filesOfOwners(db, ownerType, [...new Set(ownerIds)]);
  for (const row of rows) byOwner.get(row.owner_id as string)?.push(presentFile(row));
  return byOwner;
}

/**
 * May the actor download this file? Their own pending upload; otherwise the owner's account must
 * be in their scope, and then the owning module's rule decides (a client never reaches a file on
 * an internal note). Anything else is the same 404 as a file that does not exist.
 */
async function maySee(db: Executor, actor: Actor, file: OwnedFile) {
  if (file.owner_type === null || file.owner_id === null) return file.owner_type === null && file.uploaded_by === actor.id;
  const rule = ownerRules.get(file.owner_type);
  // Why: a file of no client account (a help article's video) is nobody's by default — only its
  // owning module's rule can serve it (the agency's logo has no rule and goes through openAgencyFile).
  if (file.account_id === null) return rule ? rule(db, actor, { ...file, owner_id: file.owner_id }) : false;
  if (!(await canSeeAccount(db, actor, file.account_id))) return false;
  return rule ? rule(db, actor, { ...file, owner_id: file.owner_id }) : true;
}

/**
 * The file for a download the actor may make, and a stream of it: all of it, or the bytes the
 * request's Range header asks for (`range` is what `byteRange` made of it against the file's size).
 */
export async function openDownload(
  ctx: AppContext,
  actor: Actor,
  fileId: string,
  rangeHeader?: string,
): Promise<{ file: TFile; stream: Readable | null; range: ByteRange }> {
  const file = await q.findFile(ctx.db, fileId);
  if (!file || !(await maySee(ctx.db, actor, file))) throw notFound("That file");
  const range = byteRange(rangeHeader, Number(file.size));
  // An unsatisfiable range opens nothing: the route answers 416.
  const stream = range === "unsatisfiable" ? null : await ctx.storage.get(file.storage_key, range ?? undefined);
  return { file: presentFile(file), stream, range };
}

/** A request's byte range: null (send it all), the bytes to send, or "unsatisfiable" (416). */
export type ByteRange = { start: number; end: number } | null | "unsatisfiable";

/**
 * Reads one `Range: bytes=…` header against a file's size (what `<video>` sends to seek, and
 * what Safari needs before it plays a video at all). Only a single range is honoured; several
 * ranges or a malformed header are ignored — the whole file is sent, as the standard allows.
 */
export function byteRange(header: string | undefined, size: number): ByteRange {
  const match = header?.trim().match(/^bytes=(\d{0,15})-(\d{0,15})$/);
  if (!match || size === 0) return null;
  const [, from = "", to = ""] = match;
  if (from === "" && to === "") return null;
  if (from === "") {
    const suffix = Number(to);
    return suffix === 0 ? "unsatisfiable" : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  const end = to === "" ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size) return "unsatisfiable";
  return start > end ? null : { start, end };
}

/** The owner type of the agency's own files (its logo): no client account, served to anyone. */
export const AGENCY_FILE_OWNER = "agency";
const LOGO_TYPES = new Set(["image/png", "image/jpeg", "image/webp", "image/gif"]);

/**
 * Makes the admin's pending upload the agency's logo (an image: PNG, JPEG, WebP or GIF; never
 * SVG, which can carry script). The file belongs to no client account, so the policy-checked
 * download never serves it; `openAgencyFile` does, to anyone.
 */
export async function attachAgencyLogo(tx: Executor, actor: Actor, fileId: string): Promise<void> {
  const [pending] = await q.pendingUploadsOf(tx, actor.id, [fileId]);
  if (!pending) throw validation("logoFileId", "The logo could not be used: upload it again.");
  if (!LOGO_TYPES.has(pending.content_type)) throw validation("logoFileId", "Upload the logo as a PNG, JPEG, WebP or GIF image.");
  const attached = await q.attachPendingUploads(tx, actor.id, [fileId], {
    owner_type: AGENCY_FILE_OWNER,
    owner_id: "logo",
    account_id: null,
  });
  if (attached !== 1) throw validation("logoFileId", "The logo could not be used: upload it again.");
}

/** One of the agency's own files (the logo), for anyone; 404 for any other file. */
export async function openAgencyFile(ctx: AppContext, fileId: string) {
  const file = await q.findFile(ctx.db, fileId);
  if (file?.owner_type !== AGENCY_FILE_OWNER) throw notFound("That file");
  return { file: presentFile(file), stream: await ctx.storage.get(file.storage_key) };
}

/**
 * The bytes of one of the agency's own files (the logo, for an invoice's PDF) with its type, read
 * through `db` (an open transaction's, so it sees what the transaction sees); undefined when the
 * id is no agency file or its content is gone.
 */
export async function readAgencyFile(
  db: Executor,
  storage: Storage,
  fileId: string,
): Promise<{ contentType: string; bytes: Buffer } | undefined> {
  const file = await q.findFile(db, fileId);
  if (file?.owner_type !== AGENCY_FILE_OWNER) return undefined;
  try {
    return { contentType: file.content_type, bytes: await readAll(await storage.get(file.storage_key)) };
  } catch {
    return undefined;
  }
}
