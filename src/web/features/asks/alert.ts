/**
 * Telling the agent an answer arrived while they wait on the ask's page: a short chime made with
 * the Web Audio API (no audio file to ship or fetch) and, when the tab is hidden and the browser
 * allows it, a system notification. Neither ever carries the answer itself.
 */

type AudioContextClass = typeof AudioContext;

let context: AudioContext | null = null;

function audioContext(): AudioContext | null {
  if (typeof window === "undefined") return null;
  const Ctor: AudioContextClass | undefined =
    window.AudioContext ?? (window as unknown as { webkitAudioContext?: AudioContextClass }).webkitAudioContext;
  if (!Ctor) return null;
  context ??= new Ctor();
  return context;
}

/**
 * Two rising notes, a quarter of a second in all, quiet. Browsers allow sound only after the
 * person has interacted with the page; if they have not, this stays silent rather than fail.
 */
export function playChime(): void {
  const ctx = audioContext();
  if (!ctx) return;
  const play = () => {
    const start = ctx.currentTime + 0.02;
    for (const [offset, frequency] of [
      [0, 880],
      [0.13, 1318.5],
    ] as const) {
      const oscillator = ctx.createOscillator();
      const gain = ctx.createGain();
      oscillator.type = "sine";
      oscillator.frequency.value = frequency;
      const t = start + offset;
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.18, t + 0.015);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.22);
      oscillator.connect(gain).connect(ctx.destination);
      oscillator.start(t);
      oscillator.stop(t + 0.24);
    }
  };
  if (ctx.state === "suspended") ctx.resume().then(play, () => undefined);
  else play();
}

/** Whether the browser can show notifications and what the person said about them. */
export function notificationPermission(): NotificationPermission | "unsupported" {
  return typeof Notification === "undefined" ? "unsupported" : Notification.permission;
}

/** Shows a system notification when the page is hidden and notifications are allowed; clicking it brings the tab back. */
export function notifyIfHidden(title: string, body: string, tag: string): void {
  if (notificationPermission() !== "granted" || document.visibilityState !== "hidden") return;
  try {
    const notification = new Notification(title, { body, tag });
    notification.onclick = () => {
      window.focus();
      notification.close();
    };
  } catch {
    // Some browsers (Android Chrome) allow notifications only through a service worker: the chime and the page still tell.
  }
}
