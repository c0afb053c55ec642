import type { ModuleDescriptor } from "../module";
import { pushRoutes } from "./routes";
import { pushJob } from "./service";

/** Web Push: a person's devices, the push.send job that reaches them, and the installable portal's manifest. */
export const pushModule: ModuleDescriptor = {
  name: "push",
  routes: pushRoutes,
  jobs: (ctx) => [{ definition: pushJob(ctx) }],
};
