import multipart from "@fastify/multipart";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { type TFile, ZFileResponse } from "../../../common/conversations";
import { ZId } from "../../../common/schemas";
import type { AppContext } from "../../platform/context";
import { requireActor } from "../../platform/http";
import { multipartProblem, readUploadPart } from "./multipart";
import { contentDisposition, isPlayableVideo } from "./names";
import { openDownload, uploadFile } from "./service";

const tags = ["files"];

/** Uploads (multipart, this plugin only) and policy-checked downloads. */
export function fileRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    await app.register(multipart, {
      limits: { fileSize: ctx.config.maxUploadBytes, files: 1, fields: 5, parts: 6 },
    });

    app.post(
      "/api/files",
      {
        schema: {
          tags,
          description: `Upload one file (multipart/form-data, field "file", at most ${ctx.config.maxUploadBytes / 1024 / 1024} MB). It stays pending until a ticket or message attaches it by id.`,
          consumes: ["multipart/form-data"],
          response: { 201: ZFileResponse },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const part = await readUploadPart(request, ctx.config.maxUploadBytes);
        let file: TFile;
        try {
          file = await uploadFile(ctx, actor, { filename: part.filename, mimetype: part.mimetype, file: part.file });
        } catch (error) {
          // A body cut short breaks the file's stream while it is stored: the client's fault, a 400.
          throw multipartProblem(error) ?? error;
        }
        return reply.code(201).send({ data: file });
      },
    );

    app.get(
      "/api/files/:id/download",
      {
        schema: { tags, params: Type.Object({ id: ZId }), description: "The file's contents, if you may see what it is attached to." },
        // Never compressed: the bytes as stored, with their length and ranges (a .json file is JSON too).
        compress: false,
      },
      async (request, reply) => {
        const { file, stream, range } = await openDownload(ctx, requireActor(request), request.params.id, request.headers.range);
        reply
          .header("accept-ranges", "bytes")
          .header("x-content-type-options", "nosniff")
          .header("content-security-policy", "default-src 'none'; sandbox")
          .header("cache-control", "private, no-cache");
        if (range === "unsatisfiable" || !stream) {
          return reply.code(416).header("content-range", `bytes */${file.size}`).send();
        }
        reply
          .header("content-type", file.contentType)
          // A picture or a playable video opens in the browser (a help article's video tutorial).
          .header(
            "content-disposition",
            contentDisposition(file.isImage || isPlayableVideo(file.contentType) ? "inline" : "attachment", file.name),
          );
        if (range) {
          // Part of the file, for a video player seeking (and Safari, which asks for parts before it plays).
          return reply
            .code(206)
            .header("content-range", `bytes ${range.start}-${range.end}/${file.size}`)
            .header("content-length", String(range.end - range.start + 1))
            .send(stream);
        }
        return reply.header("content-length", String(file.size)).send(stream);
      },
    );
  };
}
