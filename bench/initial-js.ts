import { gzipSync } from "node:zlib";
import type { Page, Response } from "playwright-core";
import { launchChromium } from "./browser";

/** No new script or stylesheet for this long, none in flight: the page has what it needs to show. */
const QUIET_MS = 750;
const PAGE_TIMEOUT_MS = 30_000;

export interface InitialJs {
  name: string;
  /** Gzip bytes of every script the page loaded: what went over the wire when the server sent gzip, else the body gzipped at level 9. */
  jsGzipBytes: number;
  jsFiles: number;
  /** The same for stylesheets. */
  cssGzipBytes: number;
  /** Bytes of script bodies as the server actually sent them (identity, gzip or br). */
  jsTransferredBytes: number;
}

interface Measured {
  kind: "js" | "css";
  gzipBytes: number;
  transferredBytes: number;
}

/**
 * What a first visit to each page costs in JavaScript and CSS: each page opens in a fresh
 * Chromium context (cold cache, no service worker), and once it has rendered and stopped asking
 * for scripts, the scripts and stylesheets it loaded are summed. The figures are gzip bytes so
 * they compare with the goals (login ≤ 150 KB, client dashboard ≤ 220 KB) whatever encoding the
 * server chose. `cookie` ("portico_session=…") opens the page logged in. A string, the reason,
 * when it cannot run here.
 */
export async function measureInitialJs(
  origin: string,
  pages: { name: string; path: string; cookie?: string }[],
): Promise<InitialJs[] | string> {
  const browser = await launchChromium();
  if (typeof browser === "string") return browser;
  try {
    const results: InitialJs[] = [];
    for (const target of pages) {
      const context = await browser.newContext({
        baseURL: origin,
        // A service worker could answer from its cache and hide what the network carried.
        serviceWorkers: "block",
        // Ask for gzip, the encoding the goals are stated in; if the server still sends br the body is gzipped here.
        extraHTTPHeaders: { "accept-encoding": "gzip" },
      });
      try {
        if (target.cookie) {
          const [name = "", ...rest] = target.cookie.split("=");
          await context.addCookies([{ name, value: rest.join("="), url: origin }]);
        }
        results.push({ name: target.name, ...(await measurePage(await context.newPage(), target.path)) });
      } finally {
        await context.close();
      }
    }
    return results;
  } finally {
    await browser.close();
  }
}

/** Loads one page and sums its scripts and stylesheets. */
async function measurePage(page: Page, path: string): Promise<Omit<InitialJs, "name">> {
  const pending: Promise<Measured | undefined>[] = [];
  let lastAssetAt = Date.now();
  page.on("response", (response) => {
    if (!assetKind(response)) return;
    lastAssetAt = Date.now();
    pending.push(measureResponse(response));
  });
  await page.goto(path, { waitUntil: "load", timeout: PAGE_TIMEOUT_MS });
  // Rendered: React has put something in the root (a lazy page's chunk has arrived by then).
  await page.waitForFunction(() => (document.getElementById("root")?.childElementCount ?? 0) > 0, undefined, { timeout: PAGE_TIMEOUT_MS });
  await waitForQuiet(() => lastAssetAt);
  const measured = (await Promise.all(pending)).filter((m): m is Measured => m !== undefined);
  const js = measured.filter((m) => m.kind === "js");
  const sum = (list: Measured[], key: keyof Omit<Measured, "kind">) => list.reduce((total, m) => total + m[key], 0);
  return {
    jsGzipBytes: sum(js, "gzipBytes"),
    jsFiles: js.length,
    cssGzipBytes: sum(
      measured.filter((m) => m.kind === "css"),
      "gzipBytes",
    ),
    jsTransferredBytes: sum(js, "transferredBytes"),
  };
}

/**
 * Not the network-idle of page.goto: the live stream (an EventSource) never finishes, so idle
 * here means no new script or stylesheet response for QUIET_MS.
 */
async function waitForQuiet(lastAssetAt: () => number): Promise<void> {
  const deadline = Date.now() + PAGE_TIMEOUT_MS;
  while (Date.now() - lastAssetAt() < QUIET_MS && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function assetKind(response: Response): Measured["kind"] | undefined {
  const pathname = new URL(response.url()).pathname;
  if (pathname.endsWith(".js") || response.request().resourceType() === "script") return "js";
  if (pathname.endsWith(".css") || response.request().resourceType() === "stylesheet") return "css";
  return undefined;
}

/** The encoded body size the server sent, and its gzip equivalent. */
async function measureResponse(response: Response): Promise<Measured | undefined> {
  const kind = assetKind(response);
  if (!kind || response.status() !== 200) return undefined;
  const body = await response.body();
  const sizes = await response.request().sizes();
  const encoding = (await response.headerValue("content-encoding")) ?? "identity";
  const transferredBytes = sizes.responseBodySize;
  const gzipBytes = encoding === "gzip" ? transferredBytes : gzipSync(body, { level: 9 }).length;
  return { kind, gzipBytes, transferredBytes };
}
