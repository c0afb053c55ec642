import type { FastifyInstance } from "fastify";
import type { Config } from "./config";

/**
 * The headers every response carries, and the Content-Security-Policy of every HTML page: the
 * web app loads only its own scripts (no inline script, so an injected `<script>` never runs),
 * talks only to its own origin, and is never framed (clickjacking). Mantine sets inline styles,
 * hence `style-src 'unsafe-inline'` — styles cannot run code.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  // Help articles' video tutorials: uploaded videos play from our own downloads; hosted ones only
  // in the privacy-friendly players of these two hosts (common/help.ts videoEmbedUrl), nothing else framed.
  "media-src 'self'",
  "frame-src https://www.youtube-nocookie.com https://player.vimeo.com",
  // The service worker (/sw.js) and the web app manifest: ours only (default-src says so too; named for the reader).
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** HSTS for a portal served over https: browsers keep to https for a year, subdomains included. */
const HSTS = "max-age=31536000; includeSubDomains";

export function registerSecurityHeaders(app: FastifyInstance, config: Pick<Config, "publicUrl">): void {
  const https = config.publicUrl.startsWith("https:");
  app.addHook("onSend", async (_request, reply, payload) => {
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "strict-origin-when-cross-origin");
    reply.header("x-frame-options", "DENY");
    if (https) reply.header("strict-transport-security", HSTS);
    const type = String(reply.getHeader("content-type") ?? "");
    // A page that set its own policy (the API docs, with hashes for its scripts) keeps it.
    if (type.startsWith("text/html") && !reply.hasHeader("content-security-policy")) {
      reply.header("content-security-policy", CONTENT_SECURITY_POLICY);
    }
    return payload;
  });
}
