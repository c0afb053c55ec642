import type { MultipartFile } from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import { AppError, nulMessage, validation } from "../../platform/errors";
import { tooLarge } from "./service";

/**
 * Reading an upload's multipart body, with every way a hostile or broken client can get it
 * wrong answered as a 400 naming what is wrong — never the parser's error as a 500. The parser
 * (busboy) reports a broken body with plain errors and fixed messages; those are matched here,
 * in one place. Anything else (a full disk) stays an error of ours.
 */

const MALFORMED: readonly { test: RegExp; message: string }[] = [
  {
    test: /Boundary not found|needle cannot be an empty/,
    message: "The upload has no multipart boundary: send it as multipart/form-data with a boundary parameter.",
  },
  { test: /needle cannot have a length bigger/, message: "The upload's multipart boundary is longer than 256 characters." },
  {
    test: /Unexpected end of multipart data|terminated early|closed before the multipart data was fully parsed/,
    message: "The upload ended before its multipart body was complete (a broken boundary or a truncated body). Send the file again.",
  },
  { test: /Unsupported Content-Type/, message: 'Send the file as multipart/form-data in the field "file".' },
];

/** A parser error about the body the client sent, as the 400 it deserves; undefined for anything else. */
export function multipartProblem(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  const e = error as { statusCode?: number; code?: string; message?: string } | undefined;
  // Why: the plugin's own limit errors carry 413 (parts, files, fields, file size).
  if (e?.statusCode === 413 && e.code !== "FST_REQ_FILE_TOO_LARGE") {
    return new AppError("payload_too_large", 'Send one file in the field "file", with at most a few other fields.', "file");
  }
  if (e?.code === "FST_PROTO_VIOLATION") return validation("file", "A form field may not be called __proto__ or constructor.");
  const known = MALFORMED.find((m) => m.test.test(e?.message ?? ""));
  return known ? validation("file", known.message) : undefined;
}

/**
 * The one file of an upload (field `file`), with its name and the form's other text fields
 * checked for NUL characters as the input guards check JSON (the guards never see a multipart body).
 */
export async function readUploadPart(request: FastifyRequest, maxUploadBytes: number): Promise<MultipartFile> {
  if (!request.isMultipart()) throw validation("file", 'Send the file as multipart/form-data in the field "file".');
  let part: MultipartFile | undefined;
  try {
    part = await request.file();
  } catch (error) {
    if ((error as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") throw tooLarge(maxUploadBytes);
    throw multipartProblem(error) ?? error;
  }
  if (!part) throw validation("file", 'Choose a file to upload (form field "file"); the form was empty.');
  if (part.fieldname !== "file") {
    part.file.resume();
    throw validation("file", 'Choose a file to upload (form field "file").');
  }
  if (part.filename.includes("\u0000")) {
    part.file.resume();
    throw validation("file", nulMessage("The file name"));
  }
  for (const field of Object.values(part.fields).flat()) {
    if (field && field.type === "field" && (field.fieldname.includes("\u0000") || String(field.value).includes("\u0000"))) {
      part.file.resume();
      throw validation(
        field.fieldname.replaceAll("\u0000", "\\u0000"),
        nulMessage(`The form field ${field.fieldname.replaceAll("\u0000", "")}`),
      );
    }
  }
  return part;
}
