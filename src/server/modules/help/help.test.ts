import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAQ_TICKET_CATEGORY } from "../../../common/help";
import { buildAccount, buildUser, login, type Session } from "../../test/factories";
import { createTestApp, type TestApp, upload } from "../../test/harness";

/*
 * Help (FAQs): admins alone write articles and categories; clients read only published ones;
 * search ranks title matches first; one changeable vote per person; suggestions for a ticket's
 * summary; the question box raises a ticket in the FAQ category that only the asker's account
 * sees; video links are https only; an uploaded video is served to clients who can read it.
 */
let t: TestApp;
let admin: Session;
let agent: Session;
let clientA: Session;
let clientA2: Session;
let clientB: Session;
let categoryId: string;

async function newCategory(name: string): Promise<string> {
  const res = await admin.inject({ method: "POST", url: "/api/help/categories", payload: { name } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data.id;
}

async function newArticle(payload: Record<string, unknown>): Promise<{ id: string }> {
  const res = await admin.inject({ method: "POST", url: "/api/help/articles", payload: { categoryId, published: true, ...payload } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data;
}

const search = async (session: Session, q: string) =>
  ((await session.inject({ method: "GET", url: `/api/help/articles?q=${encodeURIComponent(q)}` })).json().data as { id: string }[]).map(
    (a) => a.id,
  );

beforeAll(async () => {
  t = await createTestApp();
  const accountA = await buildAccount(t, { name: "Alpha Plumbing" });
  const accountB = await buildAccount(t, { name: "Bravo Bakery" });
  clientA = await login(t, (await buildUser(t, { accountId: accountA.id })).username);
  clientA2 = await login(t, (await buildUser(t, { accountId: accountA.id })).username);
  clientB = await login(t, (await buildUser(t, { accountId: accountB.id })).username);
  agent = await login(t, (await buildUser(t, { role: "agent" })).username);
  admin = await login(t, (await buildUser(t, { role: "admin" })).username);
  categoryId = await newCategory("Getting started");
});
afterAll(() => t.close());

describe("articles and categories", () => {
  it("are written by admins only: an agent or a client gets 403, and a draft stays a 404 to them", async () => {
    const payload = { title: "How do I log in?", body: "Use your **username**.", categoryId };
    for (const session of [agent, clientA]) {
      const res = await session.inject({ method: "POST", url: "/api/help/articles", payload });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe("admin_only");
      expect((await session.inject({ method: "POST", url: "/api/help/categories", payload: { name: "Mine" } })).statusCode).toBe(403);
    }
    const draft = await newArticle({ ...payload, published: false });
    for (const session of [agent, clientA]) {
      expect((await session.inject({ method: "GET", url: `/api/help/articles/${draft.id}` })).statusCode).toBe(404);
      const patch = await session.inject({ method: "PATCH", url: `/api/help/articles/${draft.id}`, payload: { title: "Mine now" } });
      expect(patch.statusCode).toBe(404);
      expect(await search(session, "log in")).not.toContain(draft.id);
    }
    // Published, an agent may read it but still not change it.
    const publish = await admin.inject({ method: "PATCH", url: `/api/help/articles/${draft.id}`, payload: { published: true } });
    expect(publish.statusCode, publish.body).toBe(200);
    expect(publish.json().data).toMatchObject({ published: true, title: "How do I log in?", counts: { views: 0, helpfulYes: 0 } });
    const seen = await clientA.inject({ method: "GET", url: `/api/help/articles/${draft.id}` });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().data).toMatchObject({ body: "Use your **username**.", counts: null, category: { id: categoryId } });
    expect(seen.json().policies).toEqual({ edit: false, vote: true });
    const agentPatch = await agent.inject({ method: "PATCH", url: `/api/help/articles/${draft.id}`, payload: { title: "x" } });
    expect(agentPatch.statusCode).toBe(403);
    // Unpublished again: gone for clients, and an event says so.
    await admin.inject({ method: "PATCH", url: `/api/help/articles/${draft.id}`, payload: { published: false } });
    expect((await clientA.inject({ method: "GET", url: `/api/help/articles/${draft.id}` })).statusCode).toBe(404);
    const events = await t.ctx.db
      .selectFrom("events")
      .select(["verb", "payload"])
      .where("object_id", "=", draft.id)
      .orderBy("id")
      .execute();
    expect(events.map((e) => e.verb)).toEqual(["help_article.created", "help_article.updated", "help_article.updated"]);
  });

  it("manages categories inline: rename, reorder, refuse a duplicate name, delete only when empty", async () => {
    const other = await newCategory("Billing questions");
    const dup = await admin.inject({ method: "POST", url: "/api/help/categories", payload: { name: "  billing QUESTIONS " } });
    expect(dup.statusCode).toBe(409);
    const renamed = await admin.inject({
      method: "PATCH",
      url: `/api/help/categories/${other}`,
      payload: { name: "Invoices", position: 0 },
    });
    expect(renamed.json().data).toMatchObject({ name: "Invoices", position: 0 });
    const full = await admin.inject({ method: "DELETE", url: `/api/help/categories/${categoryId}` });
    expect(full.statusCode).toBe(409);
    expect(full.json().error.code).toBe("help_category_not_empty");
    expect((await clientA.inject({ method: "DELETE", url: `/api/help/categories/${other}` })).statusCode).toBe(403);
    expect((await admin.inject({ method: "DELETE", url: `/api/help/categories/${other}` })).statusCode).toBe(204);
    const list = (await clientA.inject({ method: "GET", url: "/api/help/categories" })).json().data as { id: string }[];
    expect(list.map((c) => c.id)).not.toContain(other);
  });

  it("refuses an unknown category with a 400 naming the field", async () => {
    const res = await admin.inject({
      method: "POST",
      url: "/api/help/articles",
      payload: { title: "x", body: "y", categoryId: "0190a000-0000-7000-8000-000000000000" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe("categoryId");
  });
});

describe("search", () => {
  it("finds by title and by body, accents and case aside, and ranks title matches first", async () => {
    const inBody = await newArticle({ title: "Changing your details", body: "You can reset the **password** from the login page." });
    const inTitle = await newArticle({ title: "Forgotten Password", body: "Use the link on the login page." });
    const accented = await newArticle({ title: "Café opening hours", body: "We open at nine." });
    const found = await search(clientA, "PASSWORD");
    expect(found.indexOf(inTitle.id)).toBeGreaterThanOrEqual(0);
    expect(found.indexOf(inBody.id)).toBeGreaterThan(found.indexOf(inTitle.id));
    expect(await search(clientA, "cafe")).toEqual([accented.id]);
    // Every word must be found; punctuation is not a word (a lone "%" lists everything, as no search does).
    expect(await search(clientA, "password nine")).toEqual([]);
    expect((await search(clientA, "%")).length).toBe((await search(clientA, "")).length);
  });
});

describe("was this helpful?", () => {
  it("counts one vote per person, changeable, and shows the agency the counts", async () => {
    const article = await newArticle({ title: "Where are my invoices?", body: "Under Billing." });
    const vote = (s: Session, helpful: boolean) =>
      s.inject({ method: "PUT", url: `/api/help/articles/${article.id}/vote`, payload: { helpful } });
    expect((await vote(clientA, true)).json().data.helpful).toEqual({ yes: 1, no: 0, mine: true });
    expect((await vote(clientA, true)).json().data.helpful).toEqual({ yes: 1, no: 0, mine: true });
    expect((await vote(clientA2, true)).json().data.helpful).toEqual({ yes: 2, no: 0, mine: true });
    expect((await vote(clientA, false)).json().data.helpful).toEqual({ yes: 1, no: 1, mine: false });
    const listed = (await admin.inject({ method: "GET", url: "/api/help/articles" }))
      .json()
      .data.find((a: { id: string }) => a.id === article.id);
    expect(listed.counts).toMatchObject({ helpfulYes: 1, helpfulNo: 1 });
    const bad = await clientA.inject({ method: "PUT", url: `/api/help/articles/${article.id}/vote`, payload: { helpful: "yes" } });
    expect(bad.statusCode).toBe(400);
  });
});

describe("suggestions while typing a ticket", () => {
  it("offers up to three published articles matching the summary, and counts what they did", async () => {
    const match = await newArticle({ title: "Contact form not sending", body: "Check the spam folder first." });
    const draft = await newArticle({ title: "Contact form draft", body: "Not yet.", published: false });
    const res = await clientA.inject({
      method: "GET",
      url: `/api/help/suggestions?q=${encodeURIComponent("My contact form does not send")}`,
    });
    expect(res.statusCode).toBe(200);
    const ids = (res.json().data as { id: string }[]).map((s) => s.id);
    expect(ids[0]).toBe(match.id);
    expect(ids).not.toContain(draft.id);
    expect(ids.length).toBeLessThanOrEqual(3);
    expect((await clientA.inject({ method: "GET", url: "/api/help/suggestions?q=it%20is" })).json().data).toEqual([]);

    const signal = (kind: string, s: Session = clientA) =>
      s.inject({ method: "POST", url: "/api/help/signals", payload: { kind, articleIds: [match.id] } });
    for (const kind of [
      "suggestion_shown",
      "suggestion_opened",
      "viewed",
      "suggestion_deflected",
      "suggestion_shown",
      "ticket_after_suggestion",
    ]) {
      expect((await signal(kind)).statusCode).toBe(204);
    }
    // Staff reading their own FAQs do not count.
    expect((await signal("viewed", admin)).statusCode).toBe(204);
    const detail = (await admin.inject({ method: "GET", url: `/api/help/articles/${match.id}` })).json().data;
    expect(detail.counts).toEqual({
      views: 1,
      helpfulYes: 0,
      helpfulNo: 0,
      suggestionsShown: 2,
      openedFromSuggestion: 1,
      deflections: 1,
      ticketsAfterSuggestion: 1,
    });
    const verbs = await t.ctx.db
      .selectFrom("events")
      .select("verb")
      .where("object_id", "=", match.id)
      .where("verb", "like", "help.%")
      .execute();
    expect(verbs.map((v) => v.verb).sort()).toEqual(["help.suggestion_deflected", "help.suggestion_opened"]);
    expect(
      (await clientA.inject({ method: "POST", url: "/api/help/signals", payload: { kind: "bogus", articleIds: [match.id] } })).statusCode,
    ).toBe(400);
  });
});

describe("the question box", () => {
  it("raises a ticket in the FAQ category, created on first use, that only the asker's account sees", async () => {
    const ask = (s: Session, question: string) => s.inject({ method: "POST", url: "/api/help/questions", payload: { question } });
    const res = await ask(clientA, "How do I add a colleague to the portal?\n\nThey work with me at Alpha.");
    expect(res.statusCode, res.body).toBe(201);
    const { ticket } = res.json().data;
    expect(ticket.subject).toBe("How do I add a colleague to the portal?");
    const seen = await clientA2.inject({ method: "GET", url: `/api/tickets/${ticket.id}` });
    expect(seen.statusCode).toBe(200);
    expect(JSON.stringify(seen.json())).toContain(FAQ_TICKET_CATEGORY);
    expect((await clientB.inject({ method: "GET", url: `/api/tickets/${ticket.id}` })).statusCode).toBe(404);
    // A second question uses the same category.
    expect((await ask(clientB, "Second question")).statusCode).toBe(201);
    const cats = await t.ctx.db.selectFrom("ticket_categories").select("id").where("name", "=", FAQ_TICKET_CATEGORY).execute();
    expect(cats).toHaveLength(1);
    const tickets = await t.ctx.db
      .selectFrom("tickets")
      .select("category_id")
      .where("category_id", "=", cats[0]?.id ?? "")
      .execute();
    expect(tickets).toHaveLength(2);
    // Staff answer questions, they do not ask them here; an empty question is a 400.
    expect((await ask(agent, "Staff question")).statusCode).toBe(403);
    const empty = await ask(clientA, "   ");
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.field).toBe("question");
  });
});

describe("video tutorials", () => {
  it("takes an https link (YouTube and Vimeo become privacy-friendly players) and refuses http: and javascript: naming the field", async () => {
    for (const url of ["http://example.com/video.mp4", "javascript:alert(1)", "not a url"]) {
      const res = await admin.inject({
        method: "POST",
        url: "/api/help/articles",
        payload: { categoryId, title: "Video", body: "Watch.", video: { kind: "link", url } },
      });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.field, url).toBe("video.url");
    }
    const yt = await newArticle({
      title: "Tour",
      body: "Watch.",
      video: { kind: "link", url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ" },
    });
    const got = (await clientA.inject({ method: "GET", url: `/api/help/articles/${yt.id}` })).json().data;
    expect(got.video).toEqual({
      kind: "link",
      url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
      embedUrl: "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    });
    const other = await newArticle({
      title: "Other host",
      body: "Watch.",
      video: { kind: "link", url: "https://videos.example.com/tour" },
    });
    expect((await clientA.inject({ method: "GET", url: `/api/help/articles/${other.id}` })).json().data.video.embedUrl).toBeNull();
  });

  it("attaches an uploaded video that a client can download while the article is published", async () => {
    const bytes = Buffer.from("\u0000\u0000\u0000\u0018ftypmp42 fake video");
    const up = await upload(admin, "tour.mp4", bytes, "video/mp4");
    expect(up.statusCode, up.body).toBe(201);
    const fileId = up.json().data.id;
    const pdf = await upload(admin, "guide.pdf", "%PDF-1.4", "application/pdf");
    const refused = await admin.inject({
      method: "POST",
      url: "/api/help/articles",
      payload: { categoryId, title: "Bad video", body: "x", video: { kind: "file", fileId: pdf.json().data.id } },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.field).toBe("video.fileId");

    const article = await newArticle({ title: "Video tour", body: "Watch the tour.", video: { kind: "file", fileId } });
    const got = (await clientB.inject({ method: "GET", url: `/api/help/articles/${article.id}` })).json().data;
    expect(got.video).toMatchObject({ kind: "file", file: { id: fileId, contentType: "video/mp4" } });
    const download = await clientB.inject({ method: "GET", url: got.video.file.url });
    expect(download.statusCode).toBe(200);
    expect(download.headers["content-type"]).toBe("video/mp4");
    expect(download.headers["content-disposition"]).toMatch(/^inline/);
    expect(download.rawPayload.equals(bytes)).toBe(true);
    expect(download.headers["accept-ranges"]).toBe("bytes");
    // A video player seeks (and Safari starts) with a byte range: 206 with just those bytes; past the end, 416.
    const part = await clientB.inject({ method: "GET", url: got.video.file.url, headers: { range: "bytes=4-11" } });
    expect(part.statusCode).toBe(206);
    expect(part.headers["content-range"]).toBe(`bytes 4-11/${bytes.length}`);
    expect(part.rawPayload.equals(bytes.subarray(4, 12))).toBe(true);
    const tail = await clientB.inject({ method: "GET", url: got.video.file.url, headers: { range: "bytes=-5" } });
    expect(tail.rawPayload.equals(bytes.subarray(bytes.length - 5))).toBe(true);
    const past = await clientB.inject({ method: "GET", url: got.video.file.url, headers: { range: `bytes=${bytes.length}-` } });
    expect(past.statusCode).toBe(416);
    expect(past.headers["content-range"]).toBe(`bytes */${bytes.length}`);
    // Several ranges, or nonsense: the whole file, as the standard allows.
    const many = await clientB.inject({ method: "GET", url: got.video.file.url, headers: { range: "bytes=0-1,4-5" } });
    expect(many.statusCode).toBe(200);
    expect(many.rawPayload.equals(bytes)).toBe(true);
    // Unpublished: the video is no longer the clients' to download.
    await admin.inject({ method: "PATCH", url: `/api/help/articles/${article.id}`, payload: { published: false } });
    expect((await clientB.inject({ method: "GET", url: got.video.file.url })).statusCode).toBe(404);
    expect((await admin.inject({ method: "GET", url: got.video.file.url })).statusCode).toBe(200);
  });
});
