import pino from "pino";
import { describe, expect, it } from "vitest";
import { InvalidationBus } from "../platform/bus";
import { HitCounters } from "./limits";
import { busTransport, type ClusterLink, ipcLink, sharedLimitStore } from "./link";
import type { ToPrimary, ToWorker } from "./messages";

const log = pino({ level: "silent" });

type Incr = (key: string, callback: (error: Error | null, result: { current: number }) => void, timeWindow: number) => void;
type LimitStore = { incr: Incr };

/** Two workers' links joined through a stand-in primary that relays and counts like the real one. */
function twoWorkers(options: { primaryAnswers?: boolean } = {}) {
  const counters = new HitCounters();
  const listeners: ((message: unknown) => void)[] = [];
  const links: ClusterLink[] = [];
  for (const role of ["lead", "follower"] as const) {
    const index = listeners.length;
    listeners.push(() => {});
    const send = (message: ToPrimary) => {
      if (message.kind === "broadcast") {
        listeners.forEach((deliver, i) => {
          if (i !== index) deliver({ portico: 1, kind: "broadcast", payload: message.payload } satisfies ToWorker);
        });
      } else if (options.primaryAnswers !== false) {
        const { current, ttl } = counters.hit(message.key, message.timeWindow);
        queueMicrotask(() => listeners[index]!({ portico: 1, kind: "limit.result", id: message.id, current, ttl } satisfies ToWorker));
      }
    };
    links.push(ipcLink(role, send, (listener) => (listeners[index] = listener), log));
  }
  return links as [ClusterLink, ClusterLink];
}

describe("hit counters", () => {
  it("count within a window and start again when it has passed", () => {
    let now = 1_000;
    const counters = new HitCounters(10, () => now);
    expect(counters.hit("k", 500)).toEqual({ current: 1, ttl: 500 });
    now += 200;
    expect(counters.hit("k", 500)).toEqual({ current: 2, ttl: 300 });
    now += 300;
    expect(counters.hit("k", 500)).toEqual({ current: 1, ttl: 500 });
  });

  it("forget the oldest windows beyond their bound", () => {
    const counters = new HitCounters(3);
    for (const key of ["a", "b", "c", "d"]) counters.hit(key, 60_000);
    expect(counters.size).toBe(3);
    expect(counters.hit("a", 60_000).current).toBe(1);
  });
});

describe("the cluster link", () => {
  it("relays a broadcast to the other worker only", () => {
    const [a, b] = twoWorkers();
    const heardByA: unknown[] = [];
    const heardByB: unknown[] = [];
    a.onBroadcast((p) => heardByA.push(p));
    b.onBroadcast((p) => heardByB.push(p));
    a.broadcast({ type: "wake" });
    expect(heardByA).toEqual([]);
    expect(heardByB).toEqual([{ type: "wake" }]);
  });

  it("shares one rate-limit count per route and key between the workers", async () => {
    const [a, b] = twoWorkers();
    const StoreA = sharedLimitStore(a);
    const StoreB = sharedLimitStore(b);
    const route = { routeInfo: { method: "POST", url: "/api/auth/login" } };
    const login = (Store: typeof StoreA) => new Store({} as never).child(route as never) as unknown as LimitStore;
    const incr = (store: LimitStore, key: string) =>
      new Promise<{ current: number }>((resolve, reject) =>
        store.incr(key, (error, result) => (error ? reject(error) : resolve(result)), 60_000),
      );
    const onA = login(StoreA);
    const onB = login(StoreB);
    expect((await incr(onA, "1.2.3.4:jane")).current).toBe(1);
    expect((await incr(onB, "1.2.3.4:jane")).current).toBe(2);
    expect((await incr(onA, "1.2.3.4:jane")).current).toBe(3);
    // Another route with the same key counts apart.
    const other = new StoreA({} as never).child({
      routeInfo: { method: "POST", url: "/api/auth/register" },
    } as never) as unknown as LimitStore;
    expect((await incr(other, "1.2.3.4:jane")).current).toBe(1);
  });

  it("counts alone when the primary does not answer, instead of failing the request", async () => {
    const [a] = twoWorkers({ primaryAnswers: false });
    const started = Date.now();
    expect(await a.hit("k", 60_000)).toMatchObject({ current: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
  });

  it("carries invalidation bus messages between the workers' buses", () => {
    const [a, b] = twoWorkers();
    const busA = new InvalidationBus(log);
    const busB = new InvalidationBus(log);
    busA.attachTransport(busTransport(a));
    busB.attachTransport(busTransport(b));
    const heard: unknown[] = [];
    busB.subscribe("sessions", (message) => heard.push(message));
    void busA.publish({ topic: "sessions", userId: "u1" });
    expect(heard).toEqual([{ topic: "sessions", userId: "u1" }]);
  });
});
