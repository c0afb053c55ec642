/**
 * Registers the service worker (src/web/public/sw.js: the offline app shell and Web Push), in
 * production builds only — in development it would cache what Vite serves — and only where
 * browsers allow one (https, or localhost). A failure is logged and changes nothing else: the
 * portal works without it, only offline opening and notifications on this device do not.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register("/sw.js").catch((error: unknown) => console.warn("The service worker could not be registered", error));
  // A tapped notification in a window the worker does not control: the worker asks the page to go there.
  navigator.serviceWorker.addEventListener("message", (event: MessageEvent<{ type?: string; url?: string }>) => {
    if (event.data?.type !== "portico:navigate" || typeof event.data.url !== "string") return;
    const url = new URL(event.data.url, window.location.origin);
    // Only a path of this portal: a message never sends the page elsewhere.
    if (url.origin === window.location.origin) window.location.assign(url.href);
  });
}

/** The browser's theme colour (its toolbar, the installed app's title bar) in the agency's colour. */
export function setThemeColor(colour: string): void {
  document.querySelector('meta[name="theme-color"]')?.setAttribute("content", colour);
}
