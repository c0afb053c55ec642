import { Anchor, Group, Paper, Stack, Text } from "@mantine/core";
import { IconExternalLink, IconEye, IconPaperclip } from "@tabler/icons-react";
import type { TReviewSummary } from "../../../common/board";

/**
 * What the client is asked to review while a task is in CLIENT APPROVAL: "Please review: <note>",
 * an "Open preview" link and the files, as the agency sent them with the move. On the board
 * (`compact`) the note is cut at three lines; the task page shows it whole.
 *
 * The link is an http(s) address (the server refuses anything else), opened in a new tab
 * without giving the preview page a handle on the portal.
 */
export function ReviewSummary({ review, compact = false }: { review: TReviewSummary; compact?: boolean }) {
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
        {review.link || review.files.length > 0 ? (
          <Group gap={compact ? 8 : 12} wrap="wrap">
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
