import { Badge, Group, Paper, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { NOTICE_IMPORTANCE_LABELS } from "../../../common/notice-labels";
import type { TNotice } from "../../../common/notices";
import { Markdown } from "../../components/Markdown";
import { formatDate, formatDateTime } from "../../lib/format";

/** The words under a notice's title: when it was posted, by whom, and until when it runs. */
export function noticeDates(notice: TNotice): string {
  const parts = [`Posted ${formatDate(notice.postedAt)} by ${notice.postedBy.name}`];
  if (notice.endedAt) parts.push(`ended ${formatDateTime(notice.endedAt)}`);
  else if (notice.endsAt) parts.push(`shown until ${formatDateTime(notice.endsAt)}`);
  return parts.join(" · ");
}

export function ImportanceBadge({ notice }: { notice: Pick<TNotice, "importance"> }) {
  return notice.importance === "important" ? (
    <Badge color="red" variant="light">
      {NOTICE_IMPORTANCE_LABELS.important}
    </Badge>
  ) : null;
}

interface NoticeCardProps {
  notice: TNotice;
  /** The heading level of its title (h2 on the Notices page, h3 under the dashboard's section). */
  order?: 2 | 3;
  /** Show the text (the dashboard and the Notices page do; the staff list shows a line). */
  withBody?: boolean;
  /** Badges beside the title (Dismissed, Ended, Unread). */
  badges?: ReactNode;
  /** Buttons under the text. */
  actions?: ReactNode;
}

/** One notice as a card: importance, title, dates, its text and what can be done with it. */
export function NoticeCard({ notice, order = 2, withBody = true, badges, actions }: NoticeCardProps) {
  return (
    <Paper
      p={{ base: "md", sm: "lg" }}
      style={notice.importance === "important" ? { borderLeft: "4px solid var(--mantine-color-red-6)" } : undefined}
    >
      <Stack gap="xs">
        <Group gap="xs" wrap="wrap">
          <ImportanceBadge notice={notice} />
          {badges}
        </Group>
        <Title order={order} fz="lg" style={{ overflowWrap: "anywhere" }}>
          {notice.title}
        </Title>
        <Text size="sm" c="dimmed">
          {noticeDates(notice)}
        </Text>
        {withBody ? <Markdown>{notice.body}</Markdown> : null}
        {actions ? (
          <Group gap="sm" mt="xs" wrap="wrap">
            {actions}
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}
