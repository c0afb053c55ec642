/** File names and types as people send them, made safe to store, list and serve. */

export const MAX_FILE_NAME_LENGTH = 200;

/** Only these are shown inline as pictures; everything else downloads as an attachment. */
const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

export const isImageType = (contentType: string) => IMAGE_TYPES.has(contentType);

/** Videos a browser's `<video>` plays (a help article's tutorial): served inline, never sniffed. */
const VIDEO_TYPES = new Set(["video/mp4", "video/webm", "video/ogg"]);
export const isPlayableVideo = (contentType: string) => VIDEO_TYPES.has(contentType);

/**
 * A display name from whatever the browser or mail client sent: path parts dropped (a name is
 * never a path), control and invisible formatting characters removed (no right-to-left override
 * turning `txt.exe` into `exe.txt`), no leading dots, at most 200 characters keeping the
 * extension. Letters of every script stay.
 */
export function sanitizeFileName(raw: string | undefined | null): string {
  let name = (raw ?? "").normalize("NFC");
  name = name.split(/[/\\]/).pop() ?? "";
  name = name.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, "");
  name = name.replace(/[<>:"|?*]/g, "_");
  name = name.replace(/\s+/g, " ").trim();
  name = name.replace(/^[.\s]+/, "").replace(/[.\s]+$/, "");
  if (!name) return "file";
  const chars = [...name];
  if (chars.length <= MAX_FILE_NAME_LENGTH) return name;
  const extension = name.match(/\.[\p{L}\p{N}]{1,12}$/u)?.[0] ?? "";
  const base = chars.slice(0, MAX_FILE_NAME_LENGTH - [...extension].length).join("");
  return `${base.trimEnd()}${extension}`;
}

/** `type/subtype` in lower case, parameters dropped; anything odd becomes a plain download. */
export function normalizeContentType(raw: string | undefined | null): string {
  const essence = (raw ?? "").split(";")[0]!.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/.test(essence) ? essence : "application/octet-stream";
}

/** RFC 5987 `filename*` (UTF-8, percent-encoded) with a plain ASCII `filename` for old clients. */
export function contentDisposition(disposition: "inline" | "attachment", name: string): string {
  const ascii =
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^\x20-\x7e]|["\\%]/g, "_") || "file";
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** A size as the portal's messages give it: "17 MB", "2.5 MB". */
export const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
