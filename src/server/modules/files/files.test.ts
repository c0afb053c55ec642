import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../platform/errors";
import { newId } from "../../platform/ids";
import {
  actorFor,
  assignAgent,
  buildAccount,
  buildReply,
  buildTicket,
  buildUser,
  login,
  type Person,
  type Session,
} from "../../test/factories";
import { createTestApp, multipart, type TestApp, upload } from "../../test/harness";
import { contentDisposition, sanitizeFileName } from "./names";
import { attachFiles, attachSystemFile, filesFor, MAX_FILES_PER_MESSAGE } from "./service";

/**
 * Uploads and downloads: a file is reachable only through what it is attached to, by the people
 * who may see that; an internal note's files never reach a client; everything else is a 404.
 */
let t: TestApp;
let accountA: { id: string };
let accountB: { id: string };
let users: Record<"clientA" | "clientA2" | "clientB" | "agentA" | "agentNone" | "admin", Person>;
let s: Record<keyof typeof users, Session>;
let ticketId: string;
let replyId: string;
let noteId: string;

/** Uploads through POST /api/files, as the attachments field does: the route these tests are about. */
async function uploaded(session: Session, filename: string, data: Buffer | string, contentType?: string) {
  const response = await upload(session, filename, data, contentType);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data as { id: string; name: string; url: string; isImage: boolean; size: number; contentType: string };
}

beforeAll(async () => {
  t = await createTestApp({ MAX_UPLOAD_MB: "1" });
  accountA = await buildAccount(t, { name: "Alpha Plumbing" });
  accountB = await buildAccount(t, { name: "Bravo Bakery" });
  users = {
    clientA: await buildUser(t, { accountId: accountA.id }),
    clientA2: await buildUser(t, { accountId: accountA.id }),
    clientB: await buildUser(t, { accountId: accountB.id }),
    agentA: await buildUser(t, { role: "agent" }),
    agentNone: await buildUser(t, { role: "agent" }),
    admin: await buildUser(t, { role: "admin" }),
  };
  await assignAgent(t, accountA.id, users.agentA.id);
  s = Object.fromEntries(await Promise.all(Object.entries(users).map(async ([k, u]) => [k, await login(t, u.username)]))) as typeof s;
  // A ticket of account A with one public reply and one internal note, for files to hang on.
  const ticket = await buildTicket(t, { by: users.clientA, subject: "Logo" });
  ticketId = ticket.id;
  replyId = (await buildReply(t, ticket, { by: users.agentA, kind: "reply", body: "reply" })).messageId;
  noteId = (await buildReply(t, ticket, { by: users.agentA, kind: "note", body: "note" })).messageId;
});
afterAll(() => t.close());

const download = (session: Session, id: string) => session.inject({ method: "GET", url: `/api/files/${id}/download` });

describe("POST /api/files and download", () => {
  it("keeps an upload pending and private to its uploader until it is attached", async () => {
    const file = await uploaded(s.clientA, "Invoice März.pdf", "%PDF-1.4 invoice");
    expect(file).toMatchObject({
      name: "Invoice März.pdf",
      contentType: "application/pdf",
      size: 16,
      isImage: false,
      url: `/api/files/${file.id}/download`,
    });
    const row = await t.ctx.db.selectFrom("files").selectAll().where("id", "=", file.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ owner_type: null, owner_id: null, account_id: null, uploaded_by: users.clientA.id });
    expect((await download(s.clientA, file.id)).body).toBe("%PDF-1.4 invoice");
    for (const other of [s.clientA2, s.agentA, s.admin]) expect((await download(other, file.id)).statusCode).toBe(404);
  });

  it("lets everyone who may see the ticket download an attached file, and 404s everyone else", async () => {
    const file = await uploaded(s.clientA, "report.pdf", "%PDF-1.4 report");
    await attachFiles(t.ctx.db, await actorFor(t, users.clientA), [file.id], {
      type: "ticket",
      id: ticketId,
      accountId: accountA.id,
    });
    for (const who of [s.clientA, s.clientA2, s.agentA, s.admin]) {
      const response = await download(who, file.id);
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe("%PDF-1.4 report");
    }
    for (const who of [s.clientB, s.agentNone]) {
      const response = await download(who, file.id);
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain("report");
    }
    expect((await t.app.inject({ method: "GET", url: `/api/files/${file.id}/download` })).statusCode).toBe(401);
    expect((await download(s.admin, newId())).statusCode).toBe(404);
    const listed = await filesFor(t.ctx.db, "ticket", [ticketId, newId()]);
    expect(listed.get(ticketId)?.map((f) => f.name)).toEqual(["report.pdf"]);
    expect([...listed.values()][1]).toEqual([]);
  });

  it("never gives a client a file on an internal note", async () => {
    const onNote = await uploaded(s.agentA, "internal.txt", "staff only", "text/plain");
    await attachFiles(t.ctx.db, await actorFor(t, users.agentA), [onNote.id], {
      type: "comment",
      id: noteId,
      accountId: accountA.id,
    });
    const onReply = await uploaded(s.agentA, "public.txt", "for the client", "text/plain");
    await attachFiles(t.ctx.db, await actorFor(t, users.agentA), [onReply.id], {
      type: "comment",
      id: replyId,
      accountId: accountA.id,
    });
    expect((await download(s.clientA, onNote.id)).statusCode).toBe(404);
    expect((await download(s.agentA, onNote.id)).statusCode).toBe(200);
    expect((await download(s.admin, onNote.id)).statusCode).toBe(200);
    expect((await download(s.clientA, onReply.id)).body).toBe("for the client");
  });

  it("serves non-images as attachments and images inline, never sniffed", async () => {
    const html = await uploaded(s.clientA, "page.html", "<script>alert(1)</script>", "text/html");
    const svg = await uploaded(s.clientA, "logo.svg", "<svg onload='alert(1)'/>", "image/svg+xml");
    const png = await uploaded(s.clientA, "shot.png", Buffer.from("89504e470d0a1a0a", "hex"), "image/png");
    expect([html.isImage, svg.isImage, png.isImage]).toEqual([false, false, true]);
    for (const file of [html, svg]) {
      const response = await download(s.clientA, file.id);
      expect(response.headers["content-disposition"]).toMatch(/^attachment; filename="[^"]+"; filename\*=UTF-8''/);
      expect(response.headers["x-content-type-options"]).toBe("nosniff");
      expect(response.headers["content-security-policy"]).toContain("default-src 'none'");
    }
    const image = await download(s.clientA, png.id);
    expect(image.headers["content-type"]).toBe("image/png");
    expect(image.headers["content-disposition"]).toMatch(/^inline;/);
    expect(image.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("refuses a file over MAX_UPLOAD_MB with 413 naming the limit, and keeps nothing", async () => {
    const before = await t.ctx.db.selectFrom("files").select("id").execute();
    const response = await upload(s.clientA, "big.bin", Buffer.alloc(1024 * 1024 + 10, 1), "application/octet-stream");
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toMatchObject({ code: "payload_too_large", message: expect.stringContaining("1 MB") });
    expect(await t.ctx.db.selectFrom("files").select("id").execute()).toHaveLength(before.length);
  });

  it("rejects a request without a file, an empty file, and an anonymous upload", async () => {
    const noFile = await s.clientA.inject({ method: "POST", url: "/api/files", ...multipart([{ name: "other", data: "x" }]) });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().error.field).toBe("file");
    expect((await upload(s.clientA, "empty.txt", "")).json().error.message).toMatch(/empty/);
    const anonymous = await t.app.inject({
      method: "POST",
      url: "/api/files",
      ...multipart([{ name: "file", filename: "a.txt", data: "x" }]),
    });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe("file names", () => {
  it("strips path parts and control characters and keeps letters of every script", async () => {
    expect((await uploaded(s.clientA, "../../etc/passwd", "x")).name).toBe("passwd");
    expect((await uploaded(s.clientA, "..\\..\\windows\\evil.exe", "x")).name).toBe("evil.exe");
    expect(sanitizeFileName("invoice\u202Efdp.exe")).toBe("invoicefdp.exe");
    expect(sanitizeFileName("a\u0000b\nc.txt")).toBe("abc.txt");
    expect(sanitizeFileName("Überweisung 日本 файл.pdf")).toBe("Überweisung 日本 файл.pdf");
    expect(sanitizeFileName("..")).toBe("file");
    expect(sanitizeFileName(".htaccess")).toBe("htaccess");
    const long = sanitizeFileName(`${"ä".repeat(300)}.pdf`);
    expect([...long]).toHaveLength(200);
    expect(long.endsWith(".pdf")).toBe(true);
    expect(contentDisposition("attachment", 'Grüße "x".pdf')).toBe(
      `attachment; filename="Gru_e _x_.pdf"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%22x%22.pdf`,
    );
  });
});

describe("attachFiles", () => {
  const ownerOf = () => ({ type: "ticket", id: ticketId, accountId: accountA.id });

  it("refuses another person's pending upload, an attached file or a made-up id, attaching nothing", async () => {
    const theirs = await uploaded(s.clientA2, "theirs.pdf", "%PDF theirs");
    const mine = await uploaded(s.clientA, "mine.pdf", "%PDF mine");
    const me = await actorFor(t, users.clientA);
    for (const ids of [
      [mine.id, theirs.id],
      [mine.id, newId()],
    ]) {
      const error = await attachFiles(t.ctx.db, me, ids, ownerOf()).catch((e) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ statusCode: 400, field: "fileIds" });
    }
    const row = await t.ctx.db.selectFrom("files").select("owner_type").where("id", "=", mine.id).executeTakeFirstOrThrow();
    expect(row.owner_type).toBeNull();
    await attachFiles(t.ctx.db, me, [mine.id, mine.id], ownerOf());
    expect(await attachFiles(t.ctx.db, me, [mine.id], ownerOf()).catch((e) => e)).toMatchObject({ field: "fileIds" });
  });

  it("allows at most MAX_FILES_PER_MESSAGE files", async () => {
    const ids = Array.from({ length: MAX_FILES_PER_MESSAGE + 1 }, () => newId());
    const error = await attachFiles(t.ctx.db, await actorFor(t, users.clientA), ids, ownerOf()).catch((e) => e);
    expect(error).toMatchObject({ field: "fileIds", message: expect.stringContaining(`${MAX_FILES_PER_MESSAGE}`) });
  });

  it("stores a system file (an email attachment) on its owner", async () => {
    const id = await attachSystemFile(t.ctx.db, {
      name: "scan.pdf",
      contentType: "application/pdf; name=scan.pdf",
      data: Buffer.from("%PDF scan"),
      owner: { type: "comment", id: replyId, accountId: accountA.id },
      uploadedBy: users.clientA.id,
    });
    const response = await download(s.clientA2, id);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/pdf");
    expect(response.body).toBe("%PDF scan");
  });
});
