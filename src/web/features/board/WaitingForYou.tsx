import { Anchor, Badge, Group, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconArrowRight } from "@tabler/icons-react";
import { Link } from "react-router";
import type { TClientAsk } from "../../../common/board";
import { useReferences } from "../../api/branding";
import { QueryError } from "../../components/States";
import { useWaitingForClient } from "./api";

/** What the task waits for, in the guide's words (the server says which). */
const ASKS: Record<TClientAsk, { label: string; color: string }> = {
  approval: { label: "Ready for your approval", color: "teal" },
  quote: { label: "Quote awaiting your acceptance", color: "orange" },
};

/**
 * Client dashboard: the work requests waiting for them — approvals and quotes — so "pending
 * items" are seen at a glance (seed 000: fast replies keep the work moving).
 */
export function WaitingForYou() {
  const waitingQuery = useWaitingForClient();
  const references = useReferences();
  const waiting = (waitingQuery.data?.data ?? []).map(({ task, waitingFor }) => ({ task, ask: ASKS[waitingFor] }));
  return (
    <Paper p="lg">
      <Group justify="space-between" mb="xs" gap="sm">
        <Title order={2} fz="md">
          Waiting for you
        </Title>
        <Anchor component={Link} to="/work-requests" size="sm" display="inline-flex" style={{ alignItems: "center", gap: 4 }}>
          Website Work Requests <IconArrowRight size={14} aria-hidden="true" />
        </Anchor>
      </Group>
      {waitingQuery.isPending ? (
        <Skeleton h={22} aria-label="Loading work requests" />
      ) : waitingQuery.isError ? (
        <QueryError error={waitingQuery.error} onRetry={() => void waitingQuery.refetch()} />
      ) : waiting.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing is waiting for you. Approvals and quotes for your work requests will appear here.
        </Text>
      ) : (
        <Stack component="ul" aria-label="Waiting for you" gap={0} m={0} p={0} style={{ listStyle: "none" }}>
          {waiting.map(({ task, ask }) => (
            <Group
              component="li"
              key={task.id}
              justify="space-between"
              wrap="nowrap"
              gap="sm"
              py="xs"
              style={{ borderTop: "1px solid var(--mantine-color-gray-2)" }}
            >
              <Anchor component={Link} to={`/work-requests/${task.id}`} size="sm" fw={600} truncate>
                {references.task(task.number)} {task.summary}
              </Anchor>
              <Badge color={ask.color} tt="none" style={{ flex: "none" }}>
                {ask.label}
              </Badge>
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
