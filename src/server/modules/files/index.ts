import type { ModuleDescriptor } from "../module";
import { moveAccountFiles } from "./queries";
import { fileRoutes } from "./routes";

/** Uploads and downloads (owner rules come from the modules that own the files' objects). */
export const filesModule: ModuleDescriptor = { name: "files", routes: fileRoutes, accountMerge: moveAccountFiles };
