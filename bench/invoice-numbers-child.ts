import type { NumbersChildMessage, NumbersResult, NumbersSpec, TimedRequest } from "./invoice-numbers";

/*
 * The load generator of the gap-free check (invoice-numbers.ts), in its own process so its
 * timings do not share the server's event loop. Every request is timed from just before it is
 * sent to its answer read in full.
 */

async function post(spec: NumbersSpec, path: string, body: unknown): Promise<TimedRequest & { id?: string; number?: string | null }> {
  const started = performance.now();
  try {
    const response = await fetch(`${spec.origin}${path}`, {
      method: "POST",
      headers: { ...spec.headers, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    if (response.status >= 300) return { path, status: response.status, ms, error: text.slice(0, 200) };
    const data = (JSON.parse(text) as { data: { id: string; number: string | null } }).data;
    return { path, status: response.status, ms, id: data.id, number: data.number };
  } catch (error) {
    return { path, status: 0, ms: performance.now() - started, error: error instanceof Error ? error.message : String(error) };
  }
}

const draft = (spec: NumbersSpec, n: number) => ({
  accountId: spec.accountId,
  lines: [
    { description: `Bench: content updates, batch ${n} (hours)`, quantity: 1.5, unitPriceMinor: 9_500, taxRateBasisPoints: 1000 },
    { description: "Bench: hosting and domain renewal", quantity: 1, unitPriceMinor: 24_000, taxRateBasisPoints: 1000 },
  ],
});

async function run(spec: NumbersSpec): Promise<NumbersResult> {
  const sends: (TimedRequest & { id?: string; number?: string | null })[] = [];
  const creates: TimedRequest[] = [];
  const started = performance.now();
  // All at once: each creation's send races the other creations and sends.
  await Promise.all(
    Array.from({ length: spec.concurrent }, async (_, n) => {
      const created = await post(spec, "/api/invoices", draft(spec, n));
      creates.push(created);
      if (created.id) sends.push({ ...(await post(spec, `/api/invoices/${created.id}/send`, {})), id: created.id });
    }),
  );
  const wallMs = performance.now() - started;
  return { wallMs, sends, creates };
}

process.once("message", (spec: NumbersSpec) => {
  run(spec).then(
    (result) => process.send?.({ type: "done", result } satisfies NumbersChildMessage),
    (error: unknown) =>
      process.send?.({ type: "failed", error: error instanceof Error ? error.message : String(error) } satisfies NumbersChildMessage),
  );
});
