import autocannon from "autocannon";
import type { ChildMessage, LoadResult, LoadSpec } from "./load";

async function run(spec: LoadSpec): Promise<LoadResult> {
  const request: autocannon.Request = { method: spec.method, path: spec.path, headers: spec.headers };
  const bodies = spec.bodies ?? [];
  const paths = spec.paths ?? [];
  if (bodies.length > 0 || paths.length > 0) {
    // Shared by every connection: each request takes the next body and path in turn.
    let next = spec.firstRequest ?? 0;
    request.setupRequest = (req) => {
      const n = next++;
      return {
        ...req,
        ...(bodies.length > 0 ? { body: bodies[n % bodies.length] } : {}),
        ...(paths.length > 0 ? { path: paths[n % paths.length] } : {}),
      };
    };
  }
  const result = await autocannon({
    url: spec.origin,
    connections: spec.connections,
    duration: spec.durationSeconds,
    requests: [request],
    timeout: 30,
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result["1xx"] + result["2xx"] + result["3xx"] + result["4xx"] + result["5xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes,
  };
}

process.once("message", (spec: LoadSpec) => {
  run(spec).then(
    (result) => process.send?.({ ok: true, result } satisfies ChildMessage),
    (error: unknown) => process.send?.({ ok: false, error: error instanceof Error ? error.message : String(error) } satisfies ChildMessage),
  );
});
