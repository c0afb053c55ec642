/*
 * The portal's service worker (served at /sw.js, scope "/"). Two jobs, kept small:
 *
 * 1. The app shell offline: index.html and the hashed /assets/* it loads are cached, so the
 *    portal opens without a connection (showing its own "cannot reach the server" states).
 *    Pages are network-first — a fresh index.html whenever the network answers — and fall back
 *    to the cached shell. Nothing under /api/ is ever cached or even intercepted: people's data
 *    goes to the network untouched, and answers with it never sit in a cache.
 * 2. Web Push: a pushed message becomes a notification; a tap opens the portal where it points.
 *
 * Plain JavaScript, no build step: Vite copies src/web/public/ to the root of dist/web.
 */

const SHELL_CACHE = "portico-shell-v1";
const SHELL_URL = "/index.html";

/** The /assets/* files an index.html loads (its script, modulepreloads and stylesheets). */
function assetsOf(html) {
  return [...new Set([...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]))];
}

/**
 * Keeps `response` (a fresh index.html) as the shell with the assets it loads, dropping the
 * assets of an older release. A failure leaves the previous shell in place.
 */
async function storeShell(response) {
  const html = await response.clone().text();
  const cache = await caches.open(SHELL_CACHE);
  const assets = assetsOf(html);
  const missing = [];
  for (const asset of assets) if (!(await cache.match(asset))) missing.push(asset);
  await cache.addAll(missing);
  await cache.put(SHELL_URL, response);
  for (const request of await cache.keys()) {
    const { pathname } = new URL(request.url);
    if (pathname.startsWith("/assets/") && !assets.includes(pathname)) await cache.delete(request);
  }
}

self.addEventListener("install", (event) => {
  // The page is the same for every path (React Router decides what it shows): "/" is index.html.
  event.waitUntil(
    fetch("/", { cache: "no-cache" })
      .then((response) => (response.ok ? storeShell(response) : undefined))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== SHELL_CACHE) await caches.delete(name);
      // Take over the open pages now, so their notifications can be tapped into them.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  // Not ours to touch: other origins, writes, and the whole API (never cached, never intercepted).
  if (url.origin !== self.location.origin || request.method !== "GET" || url.pathname.startsWith("/api/")) return;

  if (request.mode === "navigate") {
    event.respondWith(
      (async () => {
        try {
          const response = await fetch(request);
          const isPage = response.ok && (response.headers.get("content-type") || "").startsWith("text/html");
          if (isPage) event.waitUntil(storeShell(response.clone()).catch(() => undefined));
          return response;
        } catch (error) {
          // Offline: the cached shell, which shows the portal's own "cannot reach the server" states.
          const shell = await caches.match(SHELL_URL);
          if (shell) return shell;
          throw error;
        }
      })(),
    );
    return;
  }

  // Hashed assets never change under one name: the cached copy is the right one.
  if (url.pathname.startsWith("/assets/")) {
    event.respondWith(caches.match(request).then((cached) => cached || fetch(request)));
  }
});

/** A path inside the portal, or "/": a pushed message never sends a tap elsewhere. */
function portalUrl(value) {
  try {
    const url = new URL(typeof value === "string" ? value : "/", self.location.origin);
    return url.origin === self.location.origin ? url.href : new URL("/", self.location.origin).href;
  } catch {
    return new URL("/", self.location.origin).href;
  }
}

self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch {
    message = { body: event.data ? event.data.text() : "" };
  }
  const tag = typeof message.tag === "string" && message.tag ? message.tag : undefined;
  event.waitUntil(
    self.registration.showNotification(typeof message.title === "string" && message.title ? message.title : "New notification", {
      body: typeof message.body === "string" ? message.body : "",
      tag,
      // The same tag replaces the earlier notification; buzz again for it (a new code was asked for).
      renotify: Boolean(tag),
      icon: "/app-icon.svg",
      data: { url: portalUrl(message.url) },
    }),
  );
});

/** Brings an open portal window to `url`, or opens one. */
async function openPortalAt(url) {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
  if (!open) return self.clients.openWindow(url);
  // Focusing is allowed only while handling a real tap; navigating only a window this worker controls.
  await open.focus().catch(() => undefined);
  try {
    if (await open.navigate(url)) return;
  } catch {
    // Not controlled (opened before this worker took over): the page goes there itself (main.tsx).
  }
  open.postMessage({ type: "portico:navigate", url });
}

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const done = openPortalAt(portalUrl(event.notification.data?.url));
  try {
    event.waitUntil(done);
  } catch {
    // A click dispatched by a script (an untrusted event) cannot extend the worker's life; the work still runs.
  }
});
