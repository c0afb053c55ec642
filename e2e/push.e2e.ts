import type { Worker } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newBrowserKeys, type PushServiceStandIn, startPushService } from "../src/server/test/push-service";
import { ADMIN, checkPage, logIn, newPage, ok, type Portal, startPortal } from "./support";

/**
 * Web Push and the installable portal in a real Chromium: the service worker installs and takes
 * the page over, a push delivered through the DevTools protocol (as the browser's push service
 * would) shows a notification, a tap on it brings the portal to its page, the app shell opens
 * offline, and the Account page lists and removes the person's devices.
 *
 * Not covered here: `pushManager.subscribe` itself, which needs the browser's real push service
 * (Google's, for Chromium) and so the internet; the devices list gets its subscription through
 * the API instead, pointing at the push service stand-in (PUSH_ALLOWED_HOSTS).
 */
let portal: Portal;
let pushService: PushServiceStandIn;
beforeAll(async () => {
  pushService = await startPushService();
  portal = await startPortal({ env: { PUSH_ALLOWED_HOSTS: pushService.host } });
});
afterAll(async () => {
  await portal?.stop();
  await pushService?.close();
});

interface Shown {
  title: string;
  body: string;
  tag: string;
  url: string | undefined;
}

describe("Web Push and the installable portal", () => {
  it("shows a pushed notification, opens the portal where it points, and lists the person's devices", async () => {
    const { context, page } = await newPage(portal);
    await context.grantPermissions(["notifications"], { origin: portal.url });
    await logIn(page, ADMIN.email, ADMIN.password);

    // The manifest and the worker are served as browsers need them.
    const manifest = await page.request.get("/manifest.webmanifest");
    expect(manifest.headers()["content-type"]).toMatch(/^application\/manifest\+json/);
    expect(await manifest.json()).toMatchObject({ name: "Portico", display: "standalone", start_url: "/" });
    const script = await page.request.get("/sw.js");
    expect(script.ok()).toBe(true);
    expect(script.headers()["cache-control"]).toBe("no-cache");
    expect(await page.locator('link[rel="manifest"]').getAttribute("href")).toBe("/manifest.webmanifest");

    // The worker installs and takes this page over (clients.claim), without a reload.
    const worker: Worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
    expect(worker.url()).toBe(`${portal.url}/sw.js`);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

    // A push, delivered the way the browser's push service would hand it to the worker.
    const cdp = await context.newCDPSession(page);
    const registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] = [];
    cdp.on("ServiceWorker.workerRegistrationUpdated", (event) => registrations.push(...event.registrations));
    await cdp.send("ServiceWorker.enable");
    await expect.poll(() => registrations.find((r) => r.scopeURL === `${portal.url}/` && !r.isDeleted)).toBeTruthy();
    const registration = registrations.find((r) => r.scopeURL === `${portal.url}/` && !r.isDeleted);
    if (!registration) throw new Error("no service worker registration for the portal");
    const shown = async () =>
      page.evaluate(async () =>
        (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({
          title: n.title,
          body: n.body,
          tag: n.tag,
          url: (n.data as { url?: string } | null)?.url,
        })),
      );
    const deliver = (message: { title: string; body: string; url: string; tag: string }) =>
      cdp.send("ServiceWorker.deliverPushMessage", {
        origin: portal.url,
        registrationId: registration.registrationId,
        data: JSON.stringify(message),
      });
    /*
     * Why deliver again: on a loaded machine the browser may drop a push that reaches a worker
     * still starting up (DevTools reports success either way). A push service retries the same
     * way; the tag makes a repeat replace the notification, so "exactly one shown" still holds.
     */
    const deliverUntilShown = async (message: Parameters<typeof deliver>[0]) => {
      for (let attempt = 1; ; attempt++) {
        await deliver(message);
        try {
          await expect.poll(async () => (await shown()).map((n) => n.title), { timeout: 5_000 }).toEqual([message.title]);
          return;
        } catch (error) {
          if (attempt === 3) throw error;
        }
      }
    };
    await deliverUntilShown({
      title: "Doe Bakery asks for a code",
      body: "Enter the code LinkedIn just texted you",
      url: "/notices",
      tag: "ask:1",
    });
    expect((await shown()).length).toBe(1);
    expect((await shown())[0]).toEqual<Shown>({
      title: "Doe Bakery asks for a code",
      body: "Enter the code LinkedIn just texted you",
      tag: "ask:1",
      url: `${portal.url}/notices`,
    });
    // A second push with the same tag replaces the first (and buzzes again: renotify).
    await deliverUntilShown({ title: "A new code, please", body: "The first one expired", url: "/notices", tag: "ask:1" });

    // A tap on it: the open portal window goes to its page.
    expect(new URL(page.url()).pathname).toBe("/");
    await worker.evaluate(async () => {
      const scope = self as unknown as { registration: ServiceWorkerRegistration; dispatchEvent(event: Event): boolean };
      const [notification] = await scope.registration.getNotifications();
      if (!notification) throw new Error("no notification to tap");
      const NotificationEvent = (
        globalThis as unknown as { NotificationEvent: new (type: string, init: { notification: Notification }) => Event }
      ).NotificationEvent;
      scope.dispatchEvent(new NotificationEvent("notificationclick", { notification }));
    });
    await page.waitForURL(`${portal.url}/notices`);
    await page.getByRole("heading", { name: "Notices", level: 1 }).waitFor();
    await expect.poll(async () => (await shown()).length).toBe(0);

    // The app shell opens offline; nothing of the API was cached.
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys())
        for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
      return urls;
    });
    expect(cached).toContain("/index.html");
    expect(cached.some((path) => path.startsWith("/assets/"))).toBe(true);
    expect(cached.filter((path) => path.startsWith("/api/"))).toEqual([]);
    await context.setOffline(true);
    await page.goto("/account");
    await expect.poll(() => page.locator("#root").evaluate((root) => root.childElementCount)).toBeGreaterThan(0);
    await context.setOffline(false);

    // Devices: one subscribed through the API (a phone, as its browser would send it), listed and removed.
    const session = await ok<{ data: { csrfToken: string } }>(await page.request.get("/api/auth/session"));
    const keys = newBrowserKeys();
    await ok(
      await page.request.post("/api/push/subscriptions", {
        headers: {
          "x-csrf-token": session.data.csrfToken,
          "user-agent":
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
        },
        data: { endpoint: pushService.endpoint("admin-phone"), keys: { p256dh: keys.p256dh, auth: keys.auth } },
      }),
    );
    await page.goto("/account");
    const section = page.getByRole("region", { name: "Notifications on your phone or computer" });
    await section.getByText("Chrome on Android").waitFor();
    await section.getByText("Not notified yet").waitFor();
    // This browser has no subscription of its own (no push service to reach here): it is offered the button.
    await section.getByRole("button", { name: "Turn on notifications on this device" }).waitFor();
    await checkPage(page, "account-push-devices");
    await section.getByRole("button", { name: "Remove Chrome on Android" }).click();
    await section.getByText("No device is notified yet.").waitFor();
    await checkPage(page, "account-push-devices-empty");

    await context.close();
  });
});
