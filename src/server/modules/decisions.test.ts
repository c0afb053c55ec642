import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { POLICY_CODES } from "../../common/decisions";
import { buildTask, buildTicket, login, type Session } from "../test/factories";
import { createTestApp, type TestApp } from "../test/harness";

/*
 * Policies answer with decisions: a refusal carries its status, a stable code a client of the API
 * can switch on, and the sentence a person reads; the `policies` the web gets say the same.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const refusal = (response: { statusCode: number; json(): unknown }) => {
  const body = response.json() as { error: { code: keyof typeof POLICY_CODES; message: string } };
  return { status: response.statusCode, code: body.error.code, message: body.error.message };
};

describe("ticket decisions", () => {
  let client: Session;
  let agent: Session;
  let ticketId: string;
  beforeAll(async () => {
    const ticket = await buildTicket(t);
    ticketId = ticket.id;
    client = await login(t, ticket.by.username);
    agent = await login(t, (ticket.agent ?? ticket.by).username);
  });

  it("refuses a client's internal note as staff_only (403) and a reply to a closed ticket as ticket_closed (409)", async () => {
    const note = await client.inject({ method: "POST", url: `/api/tickets/${ticketId}/messages`, payload: { body: "psst", kind: "note" } });
    expect(refusal(note)).toMatchObject({ status: 403, code: "staff_only" });
    expect((await client.inject({ method: "POST", url: `/api/tickets/${ticketId}/close`, payload: {} })).statusCode).toBe(200);
    const reply = await client.inject({
      method: "POST",
      url: `/api/tickets/${ticketId}/messages`,
      payload: { body: "One more thing", kind: "reply" },
    });
    expect(refusal(reply)).toEqual({
      status: 409,
      code: "ticket_closed",
      message: "This ticket is closed. Reopen it and add your comment.",
    });
    const closeAgain = await agent.inject({ method: "POST", url: `/api/tickets/${ticketId}/close`, payload: {} });
    expect(refusal(closeAgain)).toMatchObject({ status: 409, code: "ticket_closed" });
    const detail = (await client.inject({ method: "GET", url: `/api/tickets/${ticketId}` })).json();
    expect(detail.policies).toMatchObject({ reply: false, note: false, close: false, reopen: true, update: false });
  });
});

describe("work request decisions", () => {
  let client: Session;
  let agent: Session;
  let taskId: string;
  const move = (session: Session, stage: string) =>
    session.inject({ method: "POST", url: `/api/tasks/${taskId}/move`, payload: { stage, review: { note: "The new page." } } });
  const policiesOf = async (session: Session) => (await session.inject({ method: "GET", url: `/api/tasks/${taskId}` })).json().policies;

  beforeAll(async () => {
    const task = await buildTask(t);
    taskId = task.id;
    client = await login(t, task.by.username);
    agent = await login(t, (task.agent ?? task.by).username);
  });

  it("refuses work commencing before the client accepts the quote as quote_pending, and a client's move as move_not_allowed", async () => {
    const quoted = await agent.inject({
      method: "POST",
      url: `/api/tasks/${taskId}/quotes`,
      payload: { scope: "Banner on two pages.", amountMinor: 12_500, currency: "AUD" },
    });
    expect(quoted.statusCode).toBe(201);
    expect(refusal(await move(agent, "in_progress"))).toMatchObject({ status: 409, code: "quote_pending" });
    expect(refusal(await move(client, "in_progress"))).toMatchObject({ status: 403, code: "move_not_allowed" });
    const quoteAgain = await client.inject({
      method: "POST",
      url: `/api/tasks/${taskId}/quotes`,
      payload: { scope: "Cheaper", amountMinor: 1, currency: "AUD" },
    });
    expect(refusal(quoteAgain)).toMatchObject({ status: 403, code: "staff_only" });
  });

  it("tells only the client, only in CLIENT APPROVAL, that they may approve or request changes", async () => {
    const quoteId = (await client.inject({ method: "GET", url: `/api/tasks/${taskId}` })).json().data.quotes[0].id;
    expect((await client.inject({ method: "POST", url: `/api/tasks/${taskId}/quotes/${quoteId}/accept`, payload: {} })).statusCode).toBe(
      200,
    );
    expect(await policiesOf(client)).toMatchObject({ approve: false, requestChanges: false });
    expect((await move(agent, "in_progress")).statusCode).toBe(200);
    expect(refusal(await move(agent, "requested"))).toMatchObject({ status: 409, code: "stage_not_allowed" });
    expect((await move(agent, "client_approval")).statusCode).toBe(200);
    expect(await policiesOf(client)).toMatchObject({ approve: true, requestChanges: true, edit: false, decideQuote: false });
    expect(await policiesOf(agent)).toMatchObject({ approve: false, requestChanges: false, edit: true });
    expect(refusal(await move(agent, "completed"))).toMatchObject({ status: 403, code: "approval_required" });
  });
});
