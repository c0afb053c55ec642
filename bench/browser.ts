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
  /** Milliseconds from navigation start until the first card of every column is painted. */
  usable: number[];
  /** … and until every card on screen is painted (the columns draw only what the page shows). */
  complete: number[];
  /** Cards in the page after the last load (the rest are drawn as the page scrolls). */
  cards: number;
}

/**
 * How soon the board page is usable in Chromium: a logged-in client opens /work-requests. Two
 * clocks run from the navigation's start until the next frame has painted: once the first card
 * of every column is drawn, and once every card on screen is — each column drawn down past the
 * window's bottom edge, or to its last card. The first load is cold (no cached scripts), the
 * rest warm. A string, the reason, when it cannot run here.
 */
export async function timeBoardPage(
  appOrigin: string,
  sessionCookie: string,
  columnTotals: number[],
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
    // Painted: the frame after the condition held has been produced.
    const paintedAt = () =>
      page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0))));
    for (let run = 0; run < runs; run++) {
      await page.goto("/work-requests", { waitUntil: "commit" });
      for (const [wholeScreen, times] of [
        [false, usable],
        [true, complete],
      ] as const) {
        await page.waitForFunction(
          ({ totals, wholeScreen }) => {
            const columns = [...document.querySelectorAll('main section[aria-label="Board"] > section')];
            if (columns.length !== totals.length) return false;
            return columns.every((column, i) => {
              const cards = column.querySelectorAll("article");
              const total = totals[i] ?? 0;
              if (total === 0) return true;
              if (!wholeScreen) return cards.length > 0;
              const last = cards[cards.length - 1];
              return cards.length >= total || (last !== undefined && last.getBoundingClientRect().bottom >= window.innerHeight);
            });
          },
          { totals: columnTotals, wholeScreen },
          { timeout: 30_000, polling: "raf" },
        );
        times.push(Math.round(await paintedAt()));
      }
      drawn = await page.locator("main article").count();
    }
    return { usable, complete, cards: drawn };
  } finally {
    await browser.close();
  }
}
