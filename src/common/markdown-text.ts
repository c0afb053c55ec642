import { fromMarkdown } from "mdast-util-from-markdown";

/*
 * Comments, ticket messages and task descriptions are Markdown (CommonMark, as the web app's
 * react-markdown reads them). Wherever those words leave a Markdown renderer — an email's
 * plain-text part, a notification, a one-line preview — they are read through this file's
 * parser, never picked apart with regexes, so `**What needs to be done?**` reads as
 * "What needs to be done?" and a `[link](url)` keeps its address. No Node-only imports: the web
 * app uses it too.
 */

/** A parsed Markdown document (mdast) and any node in it. */
export type MarkdownRoot = ReturnType<typeof fromMarkdown>;
export type MarkdownNode = MarkdownRoot | MarkdownRoot["children"][number];
export type MarkdownNodeOf<T extends MarkdownNode["type"]> = Extract<MarkdownNode, { type: T }>;

/** What a `[text][ref]` or `![alt][ref]` points to: the document's `[ref]: url` definitions. */
export type MarkdownDefinitions = ReadonlyMap<string, { url: string; title: string | null }>;

/**
 * Parses Markdown into its tree and collects its link definitions. Never throws: were the
 * parser ever to fail, the text comes back as one plain paragraph (a notification must not
 * roll back the reply it tells of).
 */
export function parseMarkdown(markdown: string): { root: MarkdownRoot; definitions: MarkdownDefinitions } {
  let root: MarkdownRoot;
  try {
    root = fromMarkdown(markdown);
  } catch {
    root = { type: "root", children: [{ type: "paragraph", children: [{ type: "text", value: markdown }] }] };
  }
  const definitions = new Map<string, { url: string; title: string | null }>();
  const collect = (node: MarkdownNode) => {
    if (node.type === "definition" && !definitions.has(node.identifier)) {
      definitions.set(node.identifier, { url: node.url, title: node.title ?? null });
    }
    if ("children" in node) for (const child of node.children) collect(child);
  };
  collect(root);
  return { root, definitions };
}

/** The words an image stands for: its alt text, else the file name at the end of its address. */
export function imageLabel(alt: string | null | undefined, url: string): string {
  if (alt?.trim()) return alt.trim();
  const path = url.split(/[?#]/)[0] ?? "";
  const last = path.split("/").filter(Boolean).pop() ?? "";
  try {
    return decodeURIComponent(last) || "image";
  } catch {
    return last || "image";
  }
}

/**
 * A link as plain text: "text (url)", or just the url when the text is the url (an autolink),
 * or just the address of an email autolink. A relative address is spelled out against `base`
 * (the portal's address) when there is one: in an email "/tickets/…" leads nowhere.
 */
function linkText(text: string, url: string, base: string | undefined): string {
  const words = text.trim();
  if (!url) return words;
  if (`mailto:${words}` === url) return words;
  const address = base && !/^[a-z][a-z0-9+.-]*:/i.test(url) ? (parseUrl(url, base)?.href ?? url) : url;
  if (!words || words === url || words === address) return address;
  return `${words} (${address})`;
}

/**
 * An address as the URL parser reads it, relative to `base` (the portal's address, a trailing
 * slash or not) when there is one; undefined when it is not an address.
 */
export function parseUrl(url: string, base?: string): URL | undefined {
  try {
    return base ? new URL(url, `${base.replace(/\/+$/, "")}/`) : new URL(url);
  } catch {
    return undefined;
  }
}

/** What a renderer of the tree carries down it: the document's definitions and the portal's address. */
export interface MarkdownWalk {
  defs: MarkdownDefinitions;
  base: string | undefined;
}
type Walk = MarkdownWalk;

/** Indents every line after the first by `width` spaces (a list item's continuation lines). */
const hang = (text: string, width: number) =>
  text
    .split("\n")
    .map((line, index) => (index === 0 || !line ? line : `${" ".repeat(width)}${line}`))
    .join("\n");

function inlineText(node: MarkdownNode, w: Walk): string {
  switch (node.type) {
    case "text":
    case "inlineCode":
    case "html":
      // Raw HTML is shown as the characters typed: as text it can do no harm.
      return node.value;
    case "break":
      return "\n";
    case "link":
      return linkText(inlineOf(node.children, w), node.url, w.base);
    case "linkReference": {
      const target = w.defs.get(node.identifier);
      return target ? linkText(inlineOf(node.children, w), target.url, w.base) : inlineOf(node.children, w);
    }
    case "image":
      return imageLabel(node.alt, node.url);
    case "imageReference":
      return imageLabel(node.alt, w.defs.get(node.identifier)?.url ?? "");
    case "footnoteReference":
      return `[${node.label ?? node.identifier}]`;
    default:
      return blockText(node, w);
  }
}

const inlineOf = (nodes: readonly MarkdownNode[], w: Walk) => nodes.map((n) => inlineText(n, w)).join("");

/** Blocks one after another, a blank line between them; blocks that say nothing are skipped. */
function blocksOf(nodes: readonly MarkdownNode[], w: Walk, separator = "\n\n"): string {
  return nodes
    .map((n) => blockText(n, w))
    .filter((text) => text.trim() !== "")
    .join(separator);
}

function blockText(node: MarkdownNode, w: Walk): string {
  switch (node.type) {
    case "root":
      return blocksOf(node.children, w);
    case "paragraph":
    case "heading":
    case "tableCell":
      return inlineOf(node.children, w);
    case "emphasis":
    case "strong":
    case "delete":
      return inlineOf(node.children, w);
    case "code":
      return node.value;
    case "blockquote":
      return blocksOf(node.children, w)
        .split("\n")
        .map((line) => (line ? `> ${line}` : ">"))
        .join("\n");
    case "list": {
      const loose = node.spread === true || node.children.some((item) => item.spread === true);
      const start = node.start ?? 1;
      return node.children
        .map((item, index) => {
          const marker = node.ordered ? `${start + index}. ` : "- ";
          const check = item.checked === true ? "[x] " : item.checked === false ? "[ ] " : "";
          return `${marker}${hang(`${check}${blocksOf(item.children, w, loose ? "\n\n" : "\n")}`, marker.length)}`;
        })
        .join(loose ? "\n\n" : "\n");
    }
    case "listItem":
      return blocksOf(node.children, w, "\n");
    case "thematicBreak":
      return "---";
    case "table":
      return node.children.map((row) => row.children.map((cell) => inlineOf(cell.children, w)).join(" | ")).join("\n");
    case "tableRow":
      return node.children.map((cell) => inlineOf(cell.children, w)).join(" | ");
    case "footnoteDefinition":
      return `[${node.label ?? node.identifier}]: ${blocksOf(node.children, w, " ")}`;
    case "definition":
    case "yaml":
      return "";
    case "text":
    case "inlineCode":
    case "html":
    case "break":
    case "link":
    case "linkReference":
    case "image":
    case "imageReference":
    case "footnoteReference":
      return inlineText(node, w);
    default: {
      // A node type this parser does not make: say nothing rather than "[object Object]".
      const unknown: never = node;
      return unknown ? "" : "";
    }
  }
}

/**
 * Markdown as readable plain text (an email's text part): emphasis markers gone, `[text](url)`
 * as "text (url)", lists as "- item" / "1. item", headings as their words, code without
 * backticks, quotes with "> ", images as their alt text or file name, line breaks kept.
 * `base`: where relative links point (the portal's PUBLIC_URL), to spell them out in full.
 */
export function plainTextOf(markdown: string | null | undefined, options: { base?: string } = {}): string {
  if (!markdown?.trim()) return "";
  const { root, definitions } = parseMarkdown(markdown);
  return blockText(root, { defs: definitions, base: options.base }).trim();
}

/**
 * A message's first words on one line (a notification, a preview): its plain text with the
 * whitespace collapsed, cut to `max` characters with "…".
 */
export function excerptOf(markdown: string | null | undefined, max = 200): string {
  const flat = plainTextOf(markdown).replace(/\s+/g, " ").trim();
  const chars = Array.from(flat);
  return chars.length > max
    ? `${chars
        .slice(0, max - 1)
        .join("")
        .trimEnd()}…`
    : flat;
}
