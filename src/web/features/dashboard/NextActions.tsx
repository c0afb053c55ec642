/** "Next actions": everything waiting on the client (or, for staff, on the agency), oldest first, one click from done. */
import { Badge, Box, Button, Group, Paper, Skeleton, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import {
  IconBell,
  IconChecklist,
  IconClipboardList,
  IconFileCheck,
  IconFileInvoice,
  IconHeadset,
  IconInbox,
  IconKey,
  IconLayoutKanban,
  IconMessage,
  IconReceipt,
} from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import type { ComponentType } from "react";
import { Link } from "react-router";
import type { TNextAction } from "../../../common/next-actions";
import { QueryError } from "../../components/States";
import { formatDateTime, formatRelative } from "../../lib/format";
import { Countdown } from "../asks/Countdown";
import { nextActionKeys, useNextActions } from "./api";

/** An icon per kind; a kind a later module adds gets the inbox. */
const ICONS: Record<string, ComponentType<{ size?: number }>> = {
  onboarding: IconClipboardList,
  onboarding_review: IconClipboardList,
  draft: IconFileCheck,
  draft_edits: IconFileCheck,
  update: IconMessage,
  notice: IconBell,
  task_approval: IconChecklist,
  quote: IconReceipt,
  task_request: IconLayoutKanban,
  ticket: IconHeadset,
  ask: IconKey,
  ask_answer: IconKey,
  invoice: IconFileInvoice,
};

function ActionRow({ item, showAccount, buttonLabel }: { item: TNextAction; showAccount: boolean; buttonLabel?: string }) {
  const Icon = ICONS[item.kind] ?? IconInbox;
  const queryClient = useQueryClient();
  // A hard deadline (an ask for a one-time code): on top, tinted, counting down instead of "waiting since".
  const urgent = Boolean(item.dueAt);
  return (
    <Group
      component="li"
      wrap="nowrap"
      align="flex-start"
      gap="sm"
      py="sm"
      px={urgent ? "sm" : undefined}
      bg={urgent ? "orange.0" : undefined}
      style={{
        borderTop: "1px solid var(--mantine-color-gray-2)",
        ...(urgent ? { borderLeft: "4px solid var(--mantine-color-orange-6)", borderRadius: "var(--mantine-radius-sm)" } : {}),
      }}
    >
      <ThemeIcon variant="light" color={urgent ? "orange" : undefined} size={34} radius="md" aria-hidden="true" style={{ flex: "none" }}>
        <Icon size={18} />
      </ThemeIcon>
      <Group wrap="wrap" justify="space-between" gap="xs" style={{ flex: 1, minWidth: 0 }}>
        <Box style={{ flex: "1 1 14rem", minWidth: 0 }}>
          <Text fw={600} size="sm">
            {item.title}
          </Text>
          {item.detail ? (
            <Text size="sm" c="dimmed" lineClamp={2}>
              {item.detail}
            </Text>
          ) : null}
          {item.dueAt ? (
            <Group gap={6} wrap="wrap">
              {showAccount ? (
                <Text size="xs" c="dimmed">
                  {item.accountName}
                </Text>
              ) : null}
              <Countdown
                deadline={item.dueAt}
                size="xs"
                suffix={item.kind === "ask_answer" ? "until it is deleted" : "left"}
                // Past its deadline it is no longer waiting: the server leaves it out now.
                onExpire={() => void queryClient.invalidateQueries({ queryKey: nextActionKeys.list })}
              />
            </Group>
          ) : (
            <Text size="xs" c="dimmed">
              {showAccount ? `${item.accountName} · ` : ""}
              waiting since{" "}
              <time dateTime={item.since} title={formatDateTime(item.since)}>
                {formatRelative(item.since)}
              </time>
            </Text>
          )}
        </Box>
        <Button component={Link} to={item.url} size="xs" variant={urgent ? "filled" : "light"} style={{ flex: "none" }}>
          {buttonLabel ?? item.actionLabel}
        </Button>
      </Group>
    </Group>
  );
}

interface ActionListProps {
  label: string;
  items: TNextAction[];
  showAccount: boolean;
  empty: string;
  /** Staff looking at what waits on a client open the object; the client's own words ("Approve") would mislead. */
  buttonLabel?: string;
}

function ActionList({ label, items, showAccount, empty, buttonLabel }: ActionListProps) {
  if (items.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  }
  return (
    <Stack component="ul" aria-label={label} gap={0} m={0} p={0} style={{ listStyle: "none" }}>
      {items.map((item) => (
        <ActionRow key={item.key} item={item} showAccount={showAccount} buttonLabel={buttonLabel} />
      ))}
    </Stack>
  );
}

/** The top of the dashboard. A client's list is theirs; staff get what waits on the agency and what clients left waiting. */
export function NextActions({ staff }: { staff: boolean }) {
  const query = useNextActions();
  const data = query.data?.data;
  return (
    <Paper p="lg">
      <Group justify="space-between" gap="sm" mb={4}>
        <Title order={2} fz="md">
          {staff ? "Waiting on the agency" : "Next actions"}
        </Title>
        {data ? (
          <Badge variant="light" color={data.waiting.length ? "indigo" : "gray"} tt="none">
            {data.waiting.length === 1 ? "1 item" : `${data.waiting.length} items`}
          </Badge>
        ) : null}
      </Group>
      <Text size="sm" c="dimmed" mb="xs">
        {staff
          ? "What your clients are waiting for, oldest first (answers to use before they are deleted on top)."
          : "Everything waiting on you: time-limited requests first, then oldest first. Fast replies help your service move without interruption."}
      </Text>
      {query.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label="Loading next actions">
          <Skeleton h={40} />
          <Skeleton h={40} />
        </Stack>
      ) : query.isError ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <ActionList
          label={staff ? "Waiting on the agency" : "Next actions"}
          items={data?.waiting ?? []}
          showAccount={staff}
          empty={
            staff
              ? "Nothing is waiting on the agency. New tickets, requests and submissions to review will appear here."
              : "You are all caught up. Forms to complete, drafts to review, approvals and notices will appear here."
          }
        />
      )}
      {staff && data ? (
        <Box mt="lg">
          <Title order={3} fz="sm" mb={4}>
            Clients waiting too long
          </Title>
          <Text size="sm" c="dimmed" mb="xs">
            What clients have left waiting for more than {data.overdueDays} days: a nudge keeps the work moving.
          </Text>
          <ActionList
            label="Clients waiting too long"
            items={data.clientsOverdue}
            showAccount
            buttonLabel="Open"
            empty="No client has left anything waiting for long."
          />
        </Box>
      ) : null}
    </Paper>
  );
}
