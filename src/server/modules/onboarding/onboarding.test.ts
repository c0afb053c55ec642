import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { definitionProblems, type TFormDefinition, type TFormField } from "../../../common/onboarding";
import { actorFor, assignAgent, buildAccount, buildUser, login, type Person, type Session } from "../../test/factories";
import { createTestApp, drainJobs, lastEmailTo, type TestApp, upload } from "../../test/harness";
import { DEFAULT_FORM, DEFAULT_FORM_DESCRIPTION } from "./default-form";
import { onboardingModule } from "./index";

let t: TestApp;
let accountA: { id: string };
let accountB: { id: string };
let accountC: { id: string };
let anna: Person;
let agentAUser: Person;
let clientA: Session;
let clientB: Session;
let clientC: Session;
let agentA: Session;
let agentOther: Session;
let admin: Session;

beforeAll(async () => {
  t = await createTestApp();
  accountA = await buildAccount(t, { name: "Alpha Plumbing" });
  accountB = await buildAccount(t, { name: "Bravo Bakery" });
  accountC = await buildAccount(t, { name: "Charlie Cafe" });
  anna = await buildUser(t, { accountId: accountA.id, name: "Anna Alpha" });
  clientA = await login(t, anna.username);
  clientB = await login(t, (await buildUser(t, { accountId: accountB.id, name: "Bob Bravo" })).username);
  clientC = await login(t, (await buildUser(t, { accountId: accountC.id, name: "Carl Charlie" })).username);
  agentAUser = await buildUser(t, { role: "agent", name: "Agnes Agent" });
  await assignAgent(t, accountA.id, agentAUser.id);
  await assignAgent(t, accountC.id, agentAUser.id);
  agentA = await login(t, agentAUser.username);
  agentOther = await login(t, (await buildUser(t, { role: "agent" })).username);
  admin = await login(t, (await buildUser(t, { role: "admin", name: "Ada Admin" })).username);
});
afterAll(() => t.close());

const field = (key: string, more: Partial<TFormField> = {}): TFormField => ({
  key,
  label: key.replace(/_/g, " "),
  type: "short_text",
  required: false,
  help: "",
  options: [],
  showIf: null,
  ...more,
});
const oneSection = (...fields: TFormField[]): TFormDefinition => ({
  sections: [{ key: "main", title: "Main", description: "", fields }],
});

/** Every answer the default form requires, well formed. */
const goodAnswers = (resumeId: string) => ({
  full_name: "Anna Alpha",
  email: "anna@example.com",
  phone: "+44 20 7946 0000",
  city_country: "Lisbon, Portugal",
  work_type: "Remote",
  preferred_roles: "Designer",
  available_from: "2027-01-04",
  expected_rate: 45,
  relocate: false,
  resume_file: [resumeId],
  summary: "Ten years of design.",
  key_skills: "Figma, CSS",
  instructions: '=HYPERLINK("http://evil.example","click")',
  confirm_accurate: true,
});

const events = (verb: string, objectId: string) =>
  t.ctx.db.selectFrom("events").selectAll().where("verb", "=", verb).where("object_id", "=", objectId).execute();

describe("the default form", () => {
  it("ships published as version 1, is the default and passes the builder's own rules", async () => {
    expect(definitionProblems(DEFAULT_FORM)).toEqual([]);
    const list = await admin.inject({ method: "GET", url: "/api/onboarding/forms" });
    expect(list.statusCode, list.body).toBe(200);
    const form = list.json().data.find((f: { isDefault: boolean }) => f.isDefault);
    expect(form).toMatchObject({ description: DEFAULT_FORM_DESCRIPTION, publishedVersion: 1, unpublishedChanges: false, archived: false });
    expect(form.fieldCount).toBe(18);
    const detail = (await admin.inject({ method: "GET", url: `/api/onboarding/forms/${form.id}` })).json();
    expect(detail.data.draft.sections.map((s: { title: string }) => s.title)).toEqual([
      "Personal information",
      "Work preferences",
      "Resume details",
      "Files",
      "Instructions for the team",
    ]);
    expect(detail.data.versions).toEqual([expect.objectContaining({ version: 1, publishedBy: null, fieldCount: 18 })]);
    expect(detail.policies).toEqual({ edit: true, publish: true });
    const v1 = await agentA.inject({ method: "GET", url: `/api/onboarding/forms/${form.id}/versions/1` });
    expect(v1.json().data.definition).toEqual(DEFAULT_FORM);
  });
});

describe("the form builder", () => {
  it("saves with a revision, refuses a stale tab with 409 and writes nothing, and publishes new versions", async () => {
    const defaultId = (await admin.inject({ method: "GET", url: "/api/onboarding/forms" })).json().data[0].id;
    const created = await admin.inject({
      method: "POST",
      url: "/api/onboarding/forms",
      payload: { name: "Design services", copyOf: defaultId },
    });
    expect(created.statusCode, created.body).toBe(201);
    const form = created.json().data;
    expect(form.form).toMatchObject({ publishedVersion: null, unpublishedChanges: true, isDefault: false, fieldCount: 18 });
    expect(form.revision).toBe(0);

    const definition = oneSection(field("brand", { label: "Brand name", required: true }));
    const saved = await admin.inject({
      method: "PUT",
      url: `/api/onboarding/forms/${form.form.id}`,
      payload: { name: "Design services", description: "For design clients", definition, revision: 0 },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().data.revision).toBe(1);

    const stale = await admin.inject({
      method: "PUT",
      url: `/api/onboarding/forms/${form.form.id}`,
      payload: { name: "Overwritten", description: "", definition: oneSection(), revision: 0 },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: "draft_conflict", revision: 1, savedAt: saved.json().data.savedAt });
    const afterStale = (await admin.inject({ method: "GET", url: `/api/onboarding/forms/${form.form.id}` })).json().data;
    expect(afterStale.form.name).toBe("Design services");
    expect(afterStale.draft).toEqual(definition);

    // Not published yet: it cannot be shared.
    const early = await agentA.inject({
      method: "POST",
      url: `/api/accounts/${accountC.id}/onboarding`,
      payload: { formId: form.form.id },
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe("form_not_published");

    const v1 = await admin.inject({ method: "POST", url: `/api/onboarding/forms/${form.form.id}/publish` });
    expect(v1.json().data.form).toMatchObject({ publishedVersion: 1, unpublishedChanges: false });
    const again = await admin.inject({ method: "POST", url: `/api/onboarding/forms/${form.form.id}/publish` });
    expect(again.statusCode).toBe(409);

    const shared = await agentA.inject({
      method: "POST",
      url: `/api/accounts/${accountC.id}/onboarding`,
      payload: { formId: form.form.id },
    });
    expect(shared.statusCode, shared.body).toBe(201);
    const submission = shared.json().data;
    expect(submission.submission).toMatchObject({ formVersion: 1, status: "in_progress", accountName: "Charlie Cafe" });
    expect(await events("onboarding.shared", submission.submission.id)).toHaveLength(1);
    const twice = await agentA.inject({
      method: "POST",
      url: `/api/accounts/${accountC.id}/onboarding`,
      payload: { formId: form.form.id },
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toMatch(/Design services/);
    // Carl was told: in-app and by email.
    await drainJobs(t);
    expect(
      (
        await lastEmailTo(
          t,
          (
            await t.ctx.db.selectFrom("users").select("email").where("account_id", "=", accountC.id).executeTakeFirstOrThrow()
          ).email,
        )
      ).subject,
    ).toMatch(/Complete your onboarding form: Design services/);

    const v2definition = oneSection(field("brand", { label: "Brand name", required: true }), field("colours", { label: "Colours" }));
    await admin.inject({
      method: "PUT",
      url: `/api/onboarding/forms/${form.form.id}`,
      payload: { name: "Design services", description: "", definition: v2definition, revision: 1 },
    });
    const listed = (await admin.inject({ method: "GET", url: "/api/onboarding/forms" })).json().data;
    expect(listed.find((f: { id: string }) => f.id === form.form.id)).toMatchObject({
      unpublishedChanges: true,
      submissions: { inProgress: 1 },
    });
    const v2 = await admin.inject({ method: "POST", url: `/api/onboarding/forms/${form.form.id}/publish` });
    expect(v2.json().data.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);

    const kept = (await clientC.inject({ method: "GET", url: `/api/onboarding/submissions/${submission.submission.id}` })).json().data;
    expect(kept.submission.formVersion).toBe(1);
    expect(kept.definition).toEqual(definition);

    // Another default, then archive rules.
    const archiveDefault = await admin.inject({
      method: "POST",
      url: `/api/onboarding/forms/${defaultId}/archive`,
      payload: { archived: true },
    });
    expect(archiveDefault.statusCode).toBe(409);
    const chosen = await admin.inject({ method: "POST", url: `/api/onboarding/forms/${form.form.id}/default` });
    expect(chosen.json().data.form.isDefault).toBe(true);
    const back = await admin.inject({ method: "POST", url: `/api/onboarding/forms/${defaultId}/default` });
    expect(back.json().data.form.isDefault).toBe(true);
    const defaults = (await admin.inject({ method: "GET", url: "/api/onboarding/forms" }))
      .json()
      .data.filter((f: { isDefault: boolean }) => f.isDefault);
    expect(defaults).toHaveLength(1);
    const archived = await admin.inject({
      method: "POST",
      url: `/api/onboarding/forms/${form.form.id}/archive`,
      payload: { archived: true },
    });
    expect(archived.json().data.form.archived).toBe(true);
    const agentList = (await agentA.inject({ method: "GET", url: "/api/onboarding/forms" })).json().data;
    expect(agentList.map((f: { id: string }) => f.id)).not.toContain(form.form.id);
  });

  it("refuses a wrong definition with 400 naming the section and field, and saves nothing", async () => {
    const form = (await admin.inject({ method: "POST", url: "/api/onboarding/forms", payload: { name: "Rules" } })).json().data.form;
    const cases: [TFormDefinition, string, RegExp][] = [
      [oneSection(field("a"), field("a")), "definition.sections.0.fields.1.key", /Section “Main”, field “a”: another field already uses/],
      [oneSection(field("a", { showIf: { field: "nope", equals: "x" } })), "definition.sections.0.fields.0.showIf", /does not exist/],
      [oneSection(field("a", { showIf: { field: "b", equals: "x" } }), field("b")), "definition.sections.0.fields.0.showIf", /comes later/],
      [oneSection(field("a", { showIf: { field: "a", equals: "x" } })), "definition.sections.0.fields.0.showIf", /itself/],
      [oneSection(field("a", { type: "single_choice" })), "definition.sections.0.fields.0.options", /at least one option/],
      [oneSection(field("a", { options: ["x"] })), "definition.sections.0.fields.0.options", /only single and multiple choice/],
      [
        oneSection(field("a", { type: "checkbox" }), field("b", { showIf: { field: "a", equals: "yes" } })),
        "definition.sections.0.fields.1.showIf",
        /can never be “yes”/,
      ],
    ];
    for (const [definition, path, message] of cases) {
      const response = await admin.inject({
        method: "PUT",
        url: `/api/onboarding/forms/${form.id}`,
        payload: { name: "Rules", description: "", definition, revision: 0 },
      });
      expect(response.statusCode, path).toBe(400);
      expect(response.json().error.field).toBe(path);
      expect(response.json().error.message).toMatch(message);
    }
    const after = (await admin.inject({ method: "GET", url: `/api/onboarding/forms/${form.id}` })).json().data;
    expect(after.revision).toBe(0);
    const empty = await admin.inject({ method: "POST", url: `/api/onboarding/forms/${form.id}/publish` });
    expect(empty.statusCode).toBe(400);
  });
});

describe("a client's onboarding", () => {
  let submissionId: string;
  let resumeId: string;

  it("gets the default form on the first read of /current, once", async () => {
    const first = await clientA.inject({ method: "GET", url: "/api/onboarding/current" });
    expect(first.statusCode, first.body).toBe(200);
    const detail = first.json();
    submissionId = detail.data.submission.id;
    expect(detail.data.submission).toMatchObject({ formVersion: 1, status: "in_progress", accountId: accountA.id, rounds: 0 });
    expect(detail.data.definition).toEqual(DEFAULT_FORM);
    expect(detail.policies).toEqual({ edit: true, submit: true, review: false, export: true });
    const second = (await clientA.inject({ method: "GET", url: "/api/onboarding/current" })).json();
    expect(second.data.submission.id).toBe(submissionId);
    const shared = await events("onboarding.shared", submissionId);
    expect(shared).toHaveLength(1);
    expect(shared[0]?.actor_id).toBeNull();
    expect((await agentA.inject({ method: "GET", url: "/api/onboarding/current" })).statusCode).toBe(403);
  });

  it("autosaves with a revision; a stale tab gets 409 and nothing is written; another device resumes", async () => {
    const save1 = await clientA.inject({
      method: "PUT",
      url: `/api/onboarding/submissions/${submissionId}/answers`,
      payload: { answers: { full_name: "Anna", expected_rate: 45, relocate: true }, revision: 0 },
    });
    expect(save1.statusCode, save1.body).toBe(200);
    expect(save1.json().data.revision).toBe(1);
    const stale = await clientA.inject({
      method: "PUT",
      url: `/api/onboarding/submissions/${submissionId}/answers`,
      payload: { answers: { full_name: "Someone else" }, revision: 0 },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: "draft_conflict", revision: 1, savedAt: save1.json().data.savedAt });
    const otherDevice = await login(t, anna.username);
    const resumed = (await otherDevice.inject({ method: "GET", url: `/api/onboarding/submissions/${submissionId}` })).json().data;
    expect(resumed.answers).toEqual({ full_name: "Anna", expected_rate: 45, relocate: true });
    expect(resumed.revision).toBe(1);
    const unknown = await clientA.inject({
      method: "PUT",
      url: `/api/onboarding/submissions/${submissionId}/answers`,
      payload: { answers: { favourite_colour: "blue" }, revision: 1 },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.field).toBe("answers.favourite_colour");
  });

  it("refuses Submit naming every missing field; a show-if field is required only when shown", async () => {
    const missing = await clientA.inject({
      method: "POST",
      url: `/api/onboarding/submissions/${submissionId}/submit`,
      payload: { revision: 1 },
    });
    expect(missing.statusCode).toBe(400);
    const error = missing.json().error;
    expect(error.code).toBe("validation_error");
    expect(error.field).toBe("email");
    expect(Object.keys(error.fields)).toEqual(
      expect.arrayContaining(["email", "phone", "resume_file", "confirm_accurate", "relocate_where"]),
    );
    expect(error.fields).not.toHaveProperty("full_name");
    expect(error.fields).not.toHaveProperty("date_of_birth");
    expect(error.fields.email).toBe("Email is required.");
    // Unticked: "Where to?" is hidden, so no longer required.
    await clientA.inject({
      method: "PUT",
      url: `/api/onboarding/submissions/${submissionId}/answers`,
      payload: { answers: { full_name: "Anna", relocate: false, relocate_where: "Berlin" }, revision: 1 },
    });
    const hidden = (
      await clientA.inject({ method: "POST", url: `/api/onboarding/submissions/${submissionId}/submit`, payload: { revision: 2 } })
    ).json().error;
    expect(hidden.fields).not.toHaveProperty("relocate_where");
    const detail = (await clientA.inject({ method: "GET", url: `/api/onboarding/submissions/${submissionId}` })).json().data;
    expect(detail.submission.status).toBe("in_progress");
    expect(detail.rounds).toEqual([]);
  });

  it("attaches uploaded files to the submission: the client and assigned agent download them, nobody else", async () => {
    const uploaded = await upload(clientA, "resume.pdf", "%PDF-1.4 resume");
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    resumeId = uploaded.json().data.id;
    const bobsFile = (await upload(clientB, "bob.pdf", "%PDF-1.4 bob")).json().data.id;
    const refused = await clientA.inject({
      method: "PUT",
      url: `/api/onboarding/submissions/${submissionId}/answers`,
      payload: { answers: { resume_file: [bobsFile] }, revision: 2 },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.field).toBe("answers.resume_file");
    expect(refused.json().error.message).toMatch(/^Resume: /);

    const saved = await clientA.inject({
      method: "PUT",
      url: `/api/onboarding/submissions/${submissionId}/answers`,
      payload: { answers: goodAnswers(resumeId), revision: 2 },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    // Saving again with the same file (already this submission's) is fine.
    const resaved = await clientA.inject({
      method: "PUT",
      url: `/api/onboarding/submissions/${submissionId}/answers`,
      payload: { answers: goodAnswers(resumeId), revision: 3 },
    });
    expect(resaved.statusCode, resaved.body).toBe(200);
    const detail = (await agentA.inject({ method: "GET", url: `/api/onboarding/submissions/${submissionId}` })).json().data;
    expect(detail.files[resumeId]).toMatchObject({ name: "resume.pdf", url: `/api/files/${resumeId}/download` });
    expect((await clientA.inject({ method: "GET", url: `/api/files/${resumeId}/download` })).statusCode).toBe(200);
    expect((await agentA.inject({ method: "GET", url: `/api/files/${resumeId}/download` })).statusCode).toBe(200);
    expect((await admin.inject({ method: "GET", url: `/api/files/${resumeId}/download` })).statusCode).toBe(200);
    expect((await clientB.inject({ method: "GET", url: `/api/files/${resumeId}/download` })).statusCode).toBe(404);
    expect((await agentOther.inject({ method: "GET", url: `/api/files/${resumeId}/download` })).statusCode).toBe(404);
  });

  it("goes submit → return with field comments → fix → resubmit → approve, keeping every round", async () => {
    const submitted = await clientA.inject({
      method: "POST",
      url: `/api/onboarding/submissions/${submissionId}/submit`,
      payload: { revision: 4 },
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().data.submission).toMatchObject({ status: "submitted", rounds: 1 });
    expect(submitted.json().data.rounds[0].answers).not.toHaveProperty("relocate_where");
    const [event] = await events("onboarding.submitted", submissionId);
    expect(JSON.parse(event?.payload ?? "{}")).toEqual({ submissionId, formName: "Onboarding form", round: 1 });
    const toldAgent = await t.ctx.db
      .selectFrom("notifications")
      .select(["user_id", "url"])
      .where("event_id", "=", event?.id ?? "")
      .execute();
    expect(toldAgent).toEqual([{ user_id: agentAUser.id, url: `/onboarding/submissions/${submissionId}` }]);
    // Waiting for review: the client can no longer change it.
    const locked = await clientA.inject({
      method: "PUT",
      url: `/api/onboarding/submissions/${submissionId}/answers`,
      payload: { answers: {}, revision: 5 },
    });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error.code).toBe("onboarding_not_editable");

    const agencyQueue = await onboardingModule.nextActions?.(t.ctx, await actorFor(t, agentAUser), "agency");
    expect(agencyQueue).toEqual([
      expect.objectContaining({
        key: `onboarding:${submissionId}`,
        title: "Review an onboarding submission",
        url: `/onboarding/submissions/${submissionId}`,
        accountName: "Alpha Plumbing",
      }),
    ]);

    const empty = await agentA.inject({
      method: "POST",
      url: `/api/onboarding/submissions/${submissionId}/review`,
      payload: { decision: "return" },
    });
    expect(empty.statusCode).toBe(400);
    const returned = await agentA.inject({
      method: "POST",
      url: `/api/onboarding/submissions/${submissionId}/review`,
      payload: { decision: "return", fieldComments: { phone: "Please add the country code of your mobile." } },
    });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json().data.submission.status).toBe("returned");
    const [returnedEvent] = await events("onboarding.returned", submissionId);
    expect(JSON.parse(returnedEvent?.payload ?? "{}")).toMatchObject({ round: 1, fields: ["phone"] });
    await drainJobs(t);
    expect((await lastEmailTo(t, anna.email)).subject).toMatch(/Fix the marked fields/);

    const seen = (await clientA.inject({ method: "GET", url: `/api/onboarding/submissions/${submissionId}` })).json();
    expect(seen.data.rounds[0]).toMatchObject({
      decision: "returned",
      decidedBy: "Agnes Agent",
      submittedBy: "Anna Alpha",
      fieldComments: { phone: "Please add the country code of your mobile." },
    });
    expect(seen.policies).toMatchObject({ edit: true, submit: true, review: false });
    const clientNext = await onboardingModule.nextActions?.(t.ctx, await actorFor(t, anna), "client");
    expect(clientNext).toEqual([
      expect.objectContaining({
        title: "Fix the marked fields in your onboarding form",
        detail: "Fields to fix: Phone",
        since: seen.data.rounds[0].decidedAt,
      }),
    ]);

    const fixed = await clientA.inject({
      method: "PUT",
      url: `/api/onboarding/submissions/${submissionId}/answers`,
      payload: { answers: { ...goodAnswers(resumeId), phone: "+351 912 345 678" }, revision: seen.data.revision },
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    const round2 = await clientA.inject({
      method: "POST",
      url: `/api/onboarding/submissions/${submissionId}/submit`,
      payload: { revision: fixed.json().data.revision },
    });
    expect(round2.json().data.submission).toMatchObject({ status: "submitted", rounds: 2 });

    const approved = await agentA.inject({
      method: "POST",
      url: `/api/onboarding/submissions/${submissionId}/review`,
      payload: { decision: "approve" },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().data.submission.status).toBe("approved");
    expect(approved.json().data.submission.approvedAt).not.toBeNull();
    expect(await events("onboarding.approved", submissionId)).toHaveLength(1);
    const rounds = approved.json().data.rounds;
    expect(rounds.map((r: { round: number; decision: string }) => [r.round, r.decision])).toEqual([
      [1, "returned"],
      [2, "approved"],
    ]);
    expect(rounds[0].answers.phone).toBe("+44 20 7946 0000");
    expect(rounds[1].answers.phone).toBe("+351 912 345 678");
    const again = await agentA.inject({
      method: "POST",
      url: `/api/onboarding/submissions/${submissionId}/review`,
      payload: { decision: "approve" },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("onboarding_not_submitted");
    expect(await onboardingModule.nextActions?.(t.ctx, await actorFor(t, anna), "client")).toEqual([]);
  });

  it("exports every round and the current answers as CSV, with formulas neutralised", async () => {
    const response = await agentA.inject({ method: "GET", url: `/api/onboarding/submissions/${submissionId}/export.csv` });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(response.headers["content-disposition"]).toMatch(/^attachment; filename="onboarding-alpha-plumbing-onboarding-form\.csv"/);
    const lines = response.body.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe('"Section","Field","Round 1","Round 2","Current answers"');
    expect(lines).toContain(
      // A phone number starting with + is neutralised too (as the rule says: = + - @).
      `"Personal information","Phone","'+44 20 7946 0000","'+351 912 345 678","'+351 912 345 678"`,
    );
    expect(lines).toContain('"Resume details","Resume","resume.pdf","resume.pdf","resume.pdf"');
    expect(lines).toContain(
      `"Instructions for the team","Instructions for the team","'=HYPERLINK(""http://evil.example"",""click"")","'=HYPERLINK(""http://evil.example"",""click"")","'=HYPERLINK(""http://evil.example"",""click"")"`,
    );
    expect(response.body).not.toContain("Where to?");
    expect((await clientA.inject({ method: "GET", url: `/api/onboarding/submissions/${submissionId}/export.csv` })).statusCode).toBe(200);
  });
});

describe("authorization", () => {
  it("hides a submission from other accounts and unassigned agents (404), keeps review to staff and forms to admins", async () => {
    const other = await buildAccount(t, { name: "Delta Dental" });
    const dora = await buildUser(t, { accountId: other.id });
    const doraSession = await login(t, dora.username);
    const sub = (await doraSession.inject({ method: "GET", url: "/api/onboarding/current" })).json().data.submission;
    const endpoints: [string, string, unknown?][] = [
      ["GET", `/api/onboarding/submissions/${sub.id}`],
      ["PUT", `/api/onboarding/submissions/${sub.id}/answers`, { answers: {}, revision: 0 }],
      ["POST", `/api/onboarding/submissions/${sub.id}/submit`, { revision: 0 }],
      ["POST", `/api/onboarding/submissions/${sub.id}/review`, { decision: "approve" }],
      ["GET", `/api/onboarding/submissions/${sub.id}/export.csv`],
    ];
    for (const session of [clientA, agentA, agentOther]) {
      for (const [method, url, payload] of endpoints) {
        const response = await session.inject({ method: method as "GET", url, payload: payload as object });
        expect(response.statusCode, `${method} ${url}`).toBe(404);
      }
    }
    for (const session of [clientA, agentA, agentOther]) {
      const list = (await session.inject({ method: "GET", url: `/api/onboarding/submissions?account=${other.id}` })).json();
      expect(list.total).toBe(0);
    }
    const adminList = (await admin.inject({ method: "GET", url: `/api/onboarding/submissions?account=${other.id}` })).json();
    expect(adminList.data.map((s: { id: string }) => s.id)).toEqual([sub.id]);
    const formId = sub.formId;
    // Sharing: an unassigned agent 404, a client 403.
    expect((await agentOther.inject({ method: "POST", url: `/api/accounts/${other.id}/onboarding`, payload: { formId } })).statusCode).toBe(
      404,
    );
    expect((await clientA.inject({ method: "POST", url: `/api/accounts/${accountA.id}/onboarding`, payload: { formId } })).statusCode).toBe(
      403,
    );
    // The client cannot review their own; staff cannot fill it in.
    const selfReview = await doraSession.inject({
      method: "POST",
      url: `/api/onboarding/submissions/${sub.id}/review`,
      payload: { decision: "approve" },
    });
    expect(selfReview.statusCode).toBe(403);
    const staffEdit = await admin.inject({
      method: "PUT",
      url: `/api/onboarding/submissions/${sub.id}/answers`,
      payload: { answers: {}, revision: 0 },
    });
    expect(staffEdit.statusCode).toBe(403);
    // Forms: admins only (agents may list); clients not at all.
    const formEndpoints: [string, string, unknown?][] = [
      ["POST", "/api/onboarding/forms", { name: "Mine" }],
      ["GET", `/api/onboarding/forms/${formId}`],
      ["PUT", `/api/onboarding/forms/${formId}`, { name: "X", description: "", definition: { sections: [] }, revision: 0 }],
      ["POST", `/api/onboarding/forms/${formId}/publish`],
      ["POST", `/api/onboarding/forms/${formId}/default`],
      ["POST", `/api/onboarding/forms/${formId}/archive`, { archived: true }],
    ];
    for (const session of [agentA, clientA]) {
      for (const [method, url, payload] of formEndpoints) {
        const response = await session.inject({ method: method as "GET", url, payload: payload as object });
        expect(response.statusCode, `${method} ${url}`).toBe(403);
      }
    }
    expect((await clientA.inject({ method: "GET", url: "/api/onboarding/forms" })).statusCode).toBe(403);
    expect((await clientA.inject({ method: "GET", url: `/api/onboarding/forms/${formId}/versions/1` })).statusCode).toBe(403);
    // The agent's next actions list only the accounts they work.
    await doraSession.inject({ method: "GET", url: `/api/onboarding/submissions/${sub.id}` });
    const agentClientSide = await onboardingModule.nextActions?.(t.ctx, await actorFor(t, agentAUser), "client");
    expect(agentClientSide?.map((a) => a.accountId)).not.toContain(other.id);
    const adminClientSide = await onboardingModule.nextActions?.(
      t.ctx,
      await actorFor(t, { id: (await t.ctx.db.selectFrom("users").select("id").where("role", "=", "admin").executeTakeFirstOrThrow()).id }),
      "client",
    );
    expect(adminClientSide).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ accountId: other.id, title: "Complete your onboarding form", actionLabel: "Open the form" }),
      ]),
    );
  });
});

describe("accounts", () => {
  it("moves submissions and their files when two accounts merge", async () => {
    const from = await buildAccount(t, { name: "Echo Events (duplicate)" });
    const into = await buildAccount(t, { name: "Echo Events" });
    const eve = await login(t, (await buildUser(t, { accountId: from.id })).username);
    const sub = (await eve.inject({ method: "GET", url: "/api/onboarding/current" })).json().data;
    const fileId = (await upload(eve, "cv.pdf", "%PDF-1.4 cv")).json().data.id;
    const saved = await eve.inject({
      method: "PUT",
      url: `/api/onboarding/submissions/${sub.submission.id}/answers`,
      payload: { answers: { resume_file: [fileId] }, revision: 0 },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const merged = await admin.inject({ method: "POST", url: `/api/admin/accounts/${from.id}/merge`, payload: { intoAccountId: into.id } });
    expect(merged.statusCode, merged.body).toBe(200);
    const after = (await admin.inject({ method: "GET", url: `/api/onboarding/submissions/${sub.submission.id}` })).json().data;
    expect(after.submission).toMatchObject({ accountId: into.id, accountName: "Echo Events" });
    expect((await eve.inject({ method: "GET", url: `/api/files/${fileId}/download` })).statusCode).toBe(200);
  });

  it("answers 404 on /current when no default form is published, and shares nothing", async () => {
    const fresh = await login(t, (await buildUser(t)).username);
    await t.ctx.db.updateTable("onboarding_forms").set({ is_default: 0 }).where("is_default", "=", 1).execute();
    try {
      const none = await fresh.inject({ method: "GET", url: "/api/onboarding/current" });
      expect(none.statusCode).toBe(404);
      expect(none.json().error.message).toMatch(/not published an onboarding form/);
    } finally {
      await t.ctx.db.updateTable("onboarding_forms").set({ is_default: 1 }).where("name", "=", "Onboarding form").execute();
    }
    expect((await fresh.inject({ method: "GET", url: "/api/onboarding/current" })).statusCode).toBe(200);
  });
});
