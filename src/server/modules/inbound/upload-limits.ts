import { MAX_COMMENT_LENGTH } from "../../../common/conversations";
import type { Config } from "../../platform/config";
import { megabytes, sanitizeFileName } from "../files/names";
import type { InboundEmail } from "./parse";

/**
 * An email's files obey the portal's own upload rules (MAX_UPLOAD_MB, MAX_FILES_PER_MESSAGE,
 * no empty files), or email would be the way around them: 60 files or a 17 MB one would be
 * posted though the upload form refuses them. The reply is still posted — the person's words
 * matter more than the files — with the first files that fit, and a note saying which were
 * left out and why, so neither side believes a file arrived that did not.
 */
export type EmailFile = InboundEmail["attachments"][number];

export interface FilesToPost {
  attachments: EmailFile[];
  /** One line per file left out (or per group of them), empty when all were kept. */
  note: string;
}

/** At most this many lines name files one by one; the rest are counted in one more line. */
const MAX_NAMED = 10;

const attachmentsWere = (n: number) => (n === 1 ? "1 attachment was" : `${n} attachments were`);

/** The files of an email that may be posted under the configured limits, in the order they came. */
function filesToPost(config: Pick<Config, "maxUploadBytes" | "maxFilesPerMessage">, files: EmailFile[]): FilesToPost {
  const attachments: EmailFile[] = [];
  const refused: string[] = [];
  let overCount = 0;
  for (const file of files) {
    // The name as the file list would have shown it.
    const name = sanitizeFileName(file.name);
    if (file.data.length === 0) refused.push(`${name} was not added: the file is empty.`);
    else if (file.data.length > config.maxUploadBytes) {
      refused.push(`${name} (${megabytes(file.data.length)}) was not added: larger than ${megabytes(config.maxUploadBytes)}.`);
    } else if (attachments.length < config.maxFilesPerMessage) attachments.push(file);
    else overCount++;
  }
  const lines = refused.slice(0, MAX_NAMED);
  if (refused.length > MAX_NAMED) {
    lines.push(`${attachmentsWere(refused.length - MAX_NAMED)} not added: empty or larger than ${megabytes(config.maxUploadBytes)}.`);
  }
  if (overCount > 0) lines.push(`${attachmentsWere(overCount)} not added: more than ${config.maxFilesPerMessage} files.`);
  return { attachments, note: lines.join("\n") };
}

/**
 * What to post for an email: the files within the limits, and the text `textOf` makes for them
 * with the note on what was left out below it.
 */
export function postable(
  config: Pick<Config, "maxUploadBytes" | "maxFilesPerMessage">,
  files: EmailFile[],
  textOf: (attachments: EmailFile[]) => string,
): { attachments: EmailFile[]; body: string } {
  const { attachments, note } = filesToPost(config, files);
  return { attachments, body: withNote(textOf(attachments), note) };
}

/** The text to post with the note below it; the text is cut, never the note, to stay within a comment's length. */
function withNote(text: string, note: string): string {
  if (!note) return text.slice(0, MAX_COMMENT_LENGTH);
  if (!text) return note;
  return `${text.slice(0, Math.max(0, MAX_COMMENT_LENGTH - note.length - 2)).trimEnd()}\n\n${note}`;
}
