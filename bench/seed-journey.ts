/**
 * The busy client of the dashboard scenario (issue 11): one account with 200 work updates, 50
 * drafts for review, 20 notices and a 60-field onboarding submission, made through the real API
 * as the agency and the client would make them (so every row, event and receipt is real).
 */
type Headers = Record<string, string>;

export interface SeededJourney {
  updates: number;
  drafts: number;
  notices: number;
  fields: number;
  seconds: number;
}

async function call<T = unknown>(origin: string, method: string, path: string, headers: Headers, body?: unknown): Promise<T> {
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Sixty fields over six sections, of every kind a client types into. */
function sixtyFieldForm() {
  const types = ["short_text", "long_text", "email", "phone", "number", "date", "single_choice", "checkbox", "url", "short_text"] as const;
  return {
    sections: Array.from({ length: 6 }, (_, s) => ({
      key: `section_${s + 1}`,
      title: `Section ${s + 1}`,
      description: "",
      fields: types.map((type, f) => ({
        key: `field_${s + 1}_${f + 1}`,
        label: `Question ${s * 10 + f + 1}`,
        type,
        required: false,
        help: "",
        options: type === "single_choice" ? ["One", "Two", "Three"] : [],
        showIf: null,
      })),
    })),
  };
}

const ANSWER: Record<string, unknown> = {
  short_text: "A short answer",
  long_text: "A longer answer that runs over a sentence or two, as clients write them.",
  email: "jane@example.com",
  phone: "+61 8 5550 1234",
  number: 42,
  date: "2026-12-24",
  single_choice: "Two",
  checkbox: true,
  url: "https://example.com/portfolio",
};

export async function seedJourney(
  origin: string,
  sessions: { admin: Headers; agent: Headers; client: Headers },
  accountId: string,
  counts = { updates: 200, drafts: 50, notices: 20 },
): Promise<SeededJourney> {
  const started = Date.now();
  const { admin, agent, client } = sessions;
  for (let i = 0; i < counts.updates + counts.drafts; i++) {
    const draft = i >= counts.updates;
    await call(origin, "POST", `/api/accounts/${accountId}/updates`, agent, {
      kind: draft ? "draft" : "update",
      title: draft ? `Draft ${i - counts.updates + 1} for review` : `Work update ${i + 1}`,
      body: "Progress this week: the **home page** copy is in, the gallery is next.",
    });
  }
  for (let i = 0; i < counts.notices; i++) {
    await call(origin, "POST", "/api/notices", admin, {
      title: `Notice ${i + 1}`,
      body: "Our office hours change over the holidays.",
      audience: "accounts",
      accountIds: [accountId],
    });
  }
  const definition = sixtyFieldForm();
  const form = await call<{ data: { form: { id: string }; revision: number } }>(origin, "POST", "/api/onboarding/forms", admin, {
    name: "Bench onboarding (60 fields)",
  });
  await call(origin, "PUT", `/api/onboarding/forms/${form.data.form.id}`, admin, {
    name: "Bench onboarding (60 fields)",
    description: "",
    definition,
    revision: form.data.revision,
  });
  await call(origin, "POST", `/api/onboarding/forms/${form.data.form.id}/publish`, admin);
  const shared = await call<{ data: { submission: { id: string }; revision: number } }>(
    origin,
    "POST",
    `/api/accounts/${accountId}/onboarding`,
    agent,
    { formId: form.data.form.id },
  );
  const answers = Object.fromEntries(definition.sections.flatMap((s) => s.fields.map((f) => [f.key, ANSWER[f.type]])));
  await call(origin, "PUT", `/api/onboarding/submissions/${shared.data.submission.id}/answers`, client, {
    answers,
    revision: shared.data.revision,
  });
  const fields = definition.sections.reduce((sum, s) => sum + s.fields.length, 0);
  return { ...counts, fields, seconds: (Date.now() - started) / 1000 };
}
