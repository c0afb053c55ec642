import { useCallback, useEffect, useRef, useState } from "react";
import { MAX_FILE_IDS, type TFile } from "../../common/conversations";
import { errorMessage } from "../api/client";
import { uploadFile } from "../api/files";

/** As many files as one message may carry (the shared schema's limit). */
export const MAX_ATTACHMENTS = MAX_FILE_IDS;

export interface Upload {
  key: string;
  name: string;
  size: number;
  isImage: boolean;
  /** A local preview of an image (object URL), before and after upload. */
  previewUrl: string | null;
  progress: number;
  status: "uploading" | "done" | "error";
  error?: string;
  file?: TFile;
}

let counter = 0;

/**
 * Files picked for a ticket or comment: each starts uploading at once (POST /api/files) with
 * its own progress; the form sends the ids of the finished ones.
 */
export function useUploads() {
  const [items, setItems] = useState<Upload[]>([]);
  const controllers = useRef(new Map<string, AbortController>());
  const previews = useRef(new Set<string>());

  const patch = useCallback((key: string, change: Partial<Upload>) => {
    setItems((current) => current.map((item) => (item.key === key ? { ...item, ...change } : item)));
  }, []);

  // Uploads start here, outside the state updater (React may run updaters twice).
  const add = (files: Iterable<File>) => {
    const picked = Array.from(files);
    const room = Math.max(0, MAX_ATTACHMENTS - items.filter((item) => item.status !== "error").length);
    const accepted = picked.slice(0, room).map((file): Upload => {
      counter += 1;
      const key = `upload-${counter}`;
      const isImage = file.type.startsWith("image/");
      const previewUrl = isImage ? URL.createObjectURL(file) : null;
      if (previewUrl) previews.current.add(previewUrl);
      const controller = new AbortController();
      controllers.current.set(key, controller);
      uploadFile(file, (fraction) => patch(key, { progress: Math.round(fraction * 100) }), controller.signal)
        .then((result) => patch(key, { status: "done", progress: 100, file: result }))
        .catch((error: unknown) => {
          if (!controller.signal.aborted) patch(key, { status: "error", error: errorMessage(error) });
        })
        .finally(() => controllers.current.delete(key));
      return { key, name: file.name, size: file.size, isImage, previewUrl, progress: 0, status: "uploading" };
    });
    const skipped = picked.length - accepted.length;
    if (skipped > 0) {
      counter += 1;
      accepted.push({
        key: `upload-${counter}`,
        name: `${skipped} more ${skipped === 1 ? "file" : "files"} not added`,
        size: 0,
        isImage: false,
        previewUrl: null,
        progress: 0,
        status: "error",
        error: `At most ${MAX_ATTACHMENTS} attachments at a time.`,
      });
    }
    setItems((current) => [...current, ...accepted]);
  };

  const remove = useCallback((key: string) => {
    controllers.current.get(key)?.abort();
    setItems((current) => {
      const item = current.find((i) => i.key === key);
      if (item?.previewUrl) {
        URL.revokeObjectURL(item.previewUrl);
        previews.current.delete(item.previewUrl);
      }
      return current.filter((i) => i.key !== key);
    });
  }, []);

  /** After sending: forget the list (the files now belong to the ticket). */
  const reset = useCallback(() => {
    for (const url of previews.current) URL.revokeObjectURL(url);
    previews.current.clear();
    setItems([]);
  }, []);

  useEffect(
    () => () => {
      for (const controller of controllers.current.values()) controller.abort();
      for (const url of previews.current) URL.revokeObjectURL(url);
    },
    [],
  );

  return {
    items,
    add,
    remove,
    reset,
    fileIds: items.flatMap((item) => (item.status === "done" && item.file ? [item.file.id] : [])),
    uploading: items.some((item) => item.status === "uploading"),
    failed: items.some((item) => item.status === "error"),
  };
}

export type Uploads = ReturnType<typeof useUploads>;
