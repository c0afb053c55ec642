import { Anchor, Text } from "@mantine/core";
import ReactMarkdown, { type Components } from "react-markdown";

/**
 * Headings inside a message would break the page's heading outline (a comment's "# Title"
 * is not a section of the page), so they render as bold lines instead.
 */
function Heading({ children }: { children?: React.ReactNode }) {
  return (
    <Text fw={700} fz="md" mt="sm" mb={6}>
      {children}
    </Text>
  );
}

const components: Components = {
  h1: Heading,
  h2: Heading,
  h3: Heading,
  h4: Heading,
  h5: Heading,
  h6: Heading,
  // Links people typed: a new tab, and no referrer or search-ranking credit for the target.
  a: ({ href, children }) => (
    <Anchor href={href} target="_blank" rel="noopener noreferrer nofollow ugc" inherit>
      {children}
    </Anchor>
  ),
  // Why: an image from another site would load as soon as someone opens the ticket (a tracking
  // pixel). Only the portal's own files are shown inline; anything else becomes a plain link.
  img: ({ src, alt }) => {
    const url = typeof src === "string" ? src : "";
    if (url.startsWith("/api/files/")) {
      return <img src={url} alt={alt ?? ""} loading="lazy" style={{ maxWidth: "100%", height: "auto" }} />;
    }
    return url ? (
      <Anchor href={url} target="_blank" rel="noopener noreferrer nofollow ugc" inherit>
        {alt ? `Image: ${alt}` : "Image link"}
      </Anchor>
    ) : null;
  },
  // Long lines wrap rather than scroll sideways (a scrolling box would need its own focus stop).
  pre: ({ children }) => <pre style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{children}</pre>,
};

/**
 * Markdown written by people (ticket descriptions, replies) rendered safely: raw HTML is
 * dropped (`skipHtml`, and no rehype-raw), and react-markdown's default URL filter removes
 * `javascript:` and other unsafe link targets. Loaded through ./Markdown, never directly.
 */
export function MarkdownRenderer({ children }: { children: string }) {
  return (
    <ReactMarkdown skipHtml components={components}>
      {children}
    </ReactMarkdown>
  );
}
