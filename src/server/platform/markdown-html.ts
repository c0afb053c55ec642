import {
  imageLabel,
  type MarkdownNode,
  type MarkdownNodeOf,
  parseMarkdown,
  parseUrl,
  type MarkdownWalk as Walk,
} from "../../common/markdown-text";

/*
 * A person's Markdown (a reply, a comment, a task description) as HTML for an email's HTML part.
 * A small walker over the parsed tree (the same parser as the plain-text part): every character
 * the person typed reaches the HTML escaped, and the only markup is what this file writes, with
 * inline styles because email clients drop stylesheets. Raw HTML in the Markdown is shown as
 * text, links go only to http(s) and mailto addresses, images become links (an image loaded
 * from elsewhere would tell its owner when the email is opened), headings become bold
 * paragraphs (as in the portal).
 */

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

const MONO = "font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px";
const STYLE = {
  p: "margin:0 0 12px",
  heading: "margin:16px 0 8px;font-weight:700",
  list: "margin:0 0 12px;padding-left:24px",
  li: "margin:0 0 4px",
  blockquote: "margin:0 0 12px;padding:0 0 0 12px;border-left:3px solid #d1d5db;color:#4b5563",
  pre: `margin:0 0 12px;padding:8px 12px;background:#f3f4f6;border-radius:4px;white-space:pre-wrap;overflow-wrap:anywhere;${MONO}`,
  code: `background:#f3f4f6;padding:1px 4px;border-radius:3px;${MONO}`,
  a: "color:#1d4ed8;text-decoration:underline",
  hr: "border:none;border-top:1px solid #e5e7eb;margin:16px 0",
} as const;

/** Schemes a link in an email may use: anything else (javascript:, data:, file:…) is dropped. */
const SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

/**
 * The address a link in an email may point to, or undefined. Relative addresses (a portal file,
 * `/api/files/…`) are made absolute against `base` (the portal's PUBLIC_URL); without a base
 * they cannot work in an email and are dropped. Why the URL parser and not a prefix check: it
 * sees `JaVaScRiPt:`, `java\nscript:` and leading spaces exactly as a browser would.
 */
export function safeHref(url: string, base?: string): string | undefined {
  const parsed = parseUrl(url, base);
  return parsed && SAFE_PROTOCOLS.has(parsed.protocol) ? parsed.href : undefined;
}

// Why rel: the target learns nothing of the email (no referrer) and gets no handle on the window.
const anchor = (href: string, inner: string) =>
  `<a href="${escapeHtml(href)}" rel="noopener noreferrer" target="_blank" style="${STYLE.a}">${inner}</a>`;

function linkHtml(url: string, inner: string, w: Walk): string {
  const href = safeHref(url, w.base);
  return href ? anchor(href, inner) : inner;
}

function imageHtml(alt: string | null | undefined, url: string, w: Walk): string {
  const label = escapeHtml(`Image: ${imageLabel(alt, url)}`);
  return linkHtml(url, label, w);
}

const inlineOf = (nodes: readonly MarkdownNode[], w: Walk) => nodes.map((n) => nodeHtml(n, w)).join("");
/** Blocks in order; a block of raw HTML is shown as its characters in a paragraph of its own. */
const blocksOf = (nodes: readonly MarkdownNode[], w: Walk) =>
  nodes.map((n) => (n.type === "html" ? `<p style="${STYLE.p};white-space:pre-wrap">${nodeHtml(n, w)}</p>` : nodeHtml(n, w))).join("\n");

/** A list item: in a tight list its paragraphs are bare lines (as browsers show Markdown lists). */
function itemHtml(item: MarkdownNodeOf<"listItem">, tight: boolean, w: Walk): string {
  const check = item.checked === true ? "☑ " : item.checked === false ? "☐ " : "";
  const inner = item.children.map((child, index) => {
    if (tight && child.type === "paragraph") return `${index > 0 ? "<br>" : ""}${inlineOf(child.children, w)}`;
    return nodeHtml(child, w);
  });
  return `<li style="${STYLE.li}">${check}${inner.join("")}</li>`;
}

function nodeHtml(node: MarkdownNode, w: Walk): string {
  switch (node.type) {
    case "root":
      return blocksOf(node.children, w);
    case "paragraph":
      return `<p style="${STYLE.p}">${inlineOf(node.children, w)}</p>`;
    case "heading":
      return `<p style="${STYLE.heading}">${inlineOf(node.children, w)}</p>`;
    case "thematicBreak":
      return `<hr style="${STYLE.hr}">`;
    case "blockquote":
      return `<blockquote style="${STYLE.blockquote}">${blocksOf(node.children, w)}</blockquote>`;
    case "list": {
      const tight = node.spread !== true && !node.children.some((item) => item.spread === true);
      const items = node.children.map((item) => itemHtml(item, tight, w)).join("");
      if (!node.ordered) return `<ul style="${STYLE.list}">${items}</ul>`;
      const start = node.start ?? 1;
      return `<ol${start !== 1 ? ` start="${start}"` : ""} style="${STYLE.list}">${items}</ol>`;
    }
    case "listItem":
      return itemHtml(node, false, w);
    case "code":
      return `<pre style="${STYLE.pre}">${escapeHtml(node.value)}</pre>`;
    case "html":
      // Raw HTML never passes: it is shown as the characters typed.
      return escapeHtml(node.value);
    case "text":
      return escapeHtml(node.value);
    case "strong":
      return `<strong>${inlineOf(node.children, w)}</strong>`;
    case "emphasis":
      return `<em>${inlineOf(node.children, w)}</em>`;
    case "delete":
      return `<del>${inlineOf(node.children, w)}</del>`;
    case "inlineCode":
      return `<code style="${STYLE.code}">${escapeHtml(node.value)}</code>`;
    case "break":
      return "<br>";
    case "link":
      return linkHtml(node.url, inlineOf(node.children, w), w);
    case "linkReference": {
      const target = w.defs.get(node.identifier);
      return target ? linkHtml(target.url, inlineOf(node.children, w), w) : inlineOf(node.children, w);
    }
    case "image":
      return imageHtml(node.alt, node.url, w);
    case "imageReference":
      return imageHtml(node.alt, w.defs.get(node.identifier)?.url ?? "", w);
    case "definition":
    case "yaml":
      return "";
    case "footnoteReference":
      return `<sup>${escapeHtml(node.label ?? node.identifier)}</sup>`;
    case "footnoteDefinition":
      return `<p style="${STYLE.p};font-size:13px">${escapeHtml(node.label ?? node.identifier)}: ${blocksOf(node.children, w)}</p>`;
    case "table":
    case "tableRow":
    case "tableCell":
      // Not made by this parser (no GFM tables); shown as its words should it ever appear.
      return `<p style="${STYLE.p}">${escapeHtml(textOfTable(node))}</p>`;
    default: {
      const unknown: never = node;
      return unknown ? "" : "";
    }
  }
}

function textOfTable(node: MarkdownNode): string {
  if ("value" in node) return node.value;
  return "children" in node ? node.children.map(textOfTable).join(" ") : "";
}

/**
 * Renders a person's Markdown as email-safe HTML (a fragment of blocks). `base` is where
 * relative links point (the portal's PUBLIC_URL). Never throws: were rendering ever to fail
 * (say, a pathologically deep nesting), the words come back escaped, line breaks kept.
 */
export function markdownToEmailHtml(markdown: string, options: { base?: string } = {}): string {
  if (!markdown.trim()) return "";
  try {
    const { root, definitions } = parseMarkdown(markdown);
    return nodeHtml(root, { defs: definitions, base: options.base });
  } catch {
    return `<p style="${STYLE.p};white-space:pre-wrap">${escapeHtml(markdown)}</p>`;
  }
}
