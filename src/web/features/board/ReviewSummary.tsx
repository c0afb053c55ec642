import { Anchor, Group, Paper, Stack, Text } from "@mantine/core";
import { IconExternalLink, IconEye, IconFileCheck, IconPaperclip } from "@tabler/icons-react";
import { Link } from "react-router";
import type { TReviewItem, TReviewSummary } from "../../../common/board";
import { reviewItemLink } from "./words";

/** Who is looking, for the deliverable link: a client opens their own Deliverables page, staff that client's. */
export interface ReviewViewer {
  staff: boolean;
  accountId: string;
}

/**
 * The draft or deliverable a review points at: "Review the draft: <title>" (the draft's page) or
 * "Deliverable: <name>" (the Deliverables page), inside the portal.
 */
export function ReviewItemLink({
  item,
  viewer,
  size = "sm",
  color,
}: {
  item: TReviewItem;
  viewer: ReviewViewer;
  size?: "xs" | "sm";
  color?: string;
}) {
  const { label, href } = reviewItemLink(item, viewer);
  return (
    <Anchor component={Link} to={href} size={size} fw={600} c={color} style={{ overflowWrap: "anywhere" }}>
      <Group gap={4} wrap="nowrap" component="span" align="flex-start">
        <IconFileCheck size={size === "xs" ? 12 : 14} aria-hidden="true" style={{ flex: "none", marginTop: 2 }} />
        <span>{label}</span>
      </Group>
    </Anchor>
  );
}

/**
 * What the client is asked to review while a task is in CLIENT APPROVAL: "Please review: <note>",
 * the draft or deliverable to review, an "Open preview" link and the files, as the agency sent
 * them with the move. On the board (`compact`) the note is cut at three lines; the task page
 * shows it whole.
 *
 * The link is an http(s) address (the server refuses anything else), opened in a new tab
 * without giving the preview page a handle on the portal.
 */
export function ReviewSummary({ review, viewer, compact = false }: { review: TReviewSummary; viewer: ReviewViewer; compact?: boolean }) {
  return (
    <Paper
      component="section"
      aria-label="What to review"
      p={compact ? "xs" : "md"}
      radius="sm"
      bg="teal.0"
      style={{ borderLeft: "3px solid var(--mantine-color-teal-7)" }}
    >
      <Stack gap={compact ? 4 : 8}>
        <Group gap={6} wrap="nowrap" align="flex-start">
          <IconEye size={compact ? 14 : 16} aria-hidden="true" style={{ flex: "none", marginTop: 3 }} />
          <Text
            size={compact ? "xs" : "sm"}
            lineClamp={compact ? 3 : undefined}
            style={{ whiteSpace: "pre-line", overflowWrap: "anywhere", minWidth: 0 }}
          >
            <Text span inherit fw={700}>
              Please review:
            </Text>{" "}
            {review.note}
          </Text>
        </Group>
        {review.item || review.link || review.files.length > 0 ? (
          <Group gap={compact ? 8 : 12} wrap="wrap">
            {review.item ? <ReviewItemLink item={review.item} viewer={viewer} size={compact ? "xs" : "sm"} color="teal.9" /> : null}
            {review.link ? (
              <Anchor
                href={review.link}
                target="_blank"
                rel="noopener noreferrer"
                size={compact ? "xs" : "sm"}
                fw={600}
                c="teal.9"
                aria-label={`Open preview (opens ${hostOf(review.link)} in a new tab)`}
              >
                <Group gap={4} wrap="nowrap" component="span">
                  Open preview
                  <IconExternalLink size={compact ? 12 : 14} aria-hidden="true" />
                </Group>
              </Anchor>
            ) : null}
            {review.files.map((file) => (
              <Anchor key={file.id} href={file.url} size={compact ? "xs" : "sm"} c="teal.9" style={{ overflowWrap: "anywhere" }}>
                <Group gap={4} wrap="nowrap" component="span">
                  <IconPaperclip size={compact ? 12 : 14} aria-hidden="true" />
                  {file.name}
                </Group>
              </Anchor>
            ))}
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}

function hostOf(link: string): string {
  try {
    return new URL(link).host;
  } catch {
    return "the preview";
  }
}
