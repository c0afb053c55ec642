import type { ModuleDescriptor } from "../module";
import { fileRoutes } from "./routes";

/** Uploads and downloads (owner rules come from the modules that own the files' objects). */
export const filesModule: ModuleDescriptor = { name: "files", routes: fileRoutes };
