import type { TFile } from "../../common/conversations";
import { upload } from "./client";

/** Uploads one file (POST /api/files); it stays pending until a ticket, task or comment attaches it. */
export function uploadFile(file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<TFile> {
  return upload<{ data: TFile }>("/api/files", file, onProgress, { signal }).then((body) => body.data);
}
