import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { WEB_DIR } from "../src/server/app";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Debian's headless Chromium for the bench's page measurements, or why it cannot run here. */
export async function launchChromium(): Promise<Browser | string> {
  if (!existsSync(CHROMIUM)) return `Chromium not found at ${CHROMIUM}`;
  if (!existsSync(`${WEB_DIR}/index.html`)) return "the web app is not built (npm run build)";
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"],
  });
}

export interface BrowserTiming {
  /** Milliseconds from navigation start until the board is usable: every column's first cards painted. */
  usable: number[];
  /** … and until every card of the board is drawn. */
  complete: number[];
  cards: number;
}

/**
 * How soon the board page is usable in Chromium: a logged-in client opens /work-requests. Two
 * clocks run from the navigation's start: until the first cards of every column are drawn and
 * the next frame has painted (the board can be read and used: the web app draws the rest in small
 * steps that leave the page answering input), and until every card is drawn. The first load is
 * cold (no cached scripts), the rest warm. A string, the reason, when it cannot run here.
 */
export async function timeBoardPage(
  appOrigin: string,
  sessionCookie: string,
  cards: { firstPaint: number; all: number },
  runs = 5,
): Promise<BrowserTiming | string> {
  const browser = await launchChromium();
  if (typeof browser === "string") return browser;
  try {
    const context = await browser.newContext({ baseURL: appOrigin, viewport: { width: 1440, height: 900 } });
    const [name = "", value = ""] = sessionCookie.split("=");
    await context.addCookies([{ name, value, url: appOrigin }]);
    const page = await context.newPage();
    const usable: number[] = [];
    const complete: number[] = [];
    let drawn = 0;
    // Painted: the frame after the count was reached has been produced.
    const paintedAt = () =>
      page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0))));
    for (let run = 0; run < runs; run++) {
      await page.goto("/work-requests", { waitUntil: "commit" });
      for (const [count, times] of [
        [cards.firstPaint, usable],
        [cards.all, complete],
      ] as const) {
        await page.waitForFunction((n) => document.querySelectorAll("main article").length >= n, count, {
          timeout: 30_000,
          polling: "raf",
        });
        times.push(Math.round(await paintedAt()));
      }
      drawn = await page.locator("main article").count();
    }
    return { usable, complete, cards: drawn };
  } finally {
    await browser.close();
  }
}
