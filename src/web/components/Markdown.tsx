import { Typography } from "@mantine/core";
import { lazy, Suspense } from "react";

/** The words as typed, line breaks kept: while the renderer loads, or if it cannot be loaded. */
function PlainText({ children }: { children: string }) {
  return <p style={{ whiteSpace: "pre-wrap" }}>{children}</p>;
}

// The Markdown stack (react-markdown, micromark, ~35 KB gzip) is its own chunk, fetched the first
// time a page shows Markdown, so the dashboard and the pages it imports render without waiting
// for it. Should the chunk be gone (a release since this tab loaded), the text stays readable.
const MarkdownRenderer = lazy(() =>
  import("./MarkdownRenderer").then(
    (module) => ({ default: module.MarkdownRenderer }),
    () => ({ default: PlainText }),
  ),
);

/**
 * Markdown written by people (ticket descriptions, replies), rendered safely (see
 * MarkdownRenderer). Until the renderer has arrived the text shows as plain paragraphs in the
 * same typography, so the layout barely moves when it lands.
 */
export function Markdown({ children }: { children: string }) {
  return (
    <Typography fz="sm" style={{ overflowWrap: "anywhere" }}>
      <Suspense fallback={<PlainText>{children}</PlainText>}>
        <MarkdownRenderer>{children}</MarkdownRenderer>
      </Suspense>
    </Typography>
  );
}
