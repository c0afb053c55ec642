import { Anchor, Group, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconArrowRight } from "@tabler/icons-react";
import { Link } from "react-router";
import { useReferences } from "../../api/branding";
import { QueryError } from "../../components/States";
import { formatDateTime, formatRelative } from "../../lib/format";
import { useTickets } from "./api";
import { TicketStatusBadge } from "./TicketBadges";

/** Dashboard panel: the five tickets with the newest activity, each a link. */
export function RecentTickets({ staff }: { staff: boolean }) {
  const tickets = useTickets({ sort: "activity", limit: 5 });
  const rows = tickets.data?.pages[0]?.data.slice(0, 5) ?? [];
  const references = useReferences();
  return (
    <Paper p="lg">
      <Group justify="space-between" mb="xs" gap="sm">
        <Title order={2} fz="md">
          Recent support tickets
        </Title>
        <Anchor component={Link} to="/tickets" size="sm" display="inline-flex" style={{ alignItems: "center", gap: 4 }}>
          All tickets <IconArrowRight size={14} aria-hidden="true" />
        </Anchor>
      </Group>
      {tickets.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label="Loading tickets">
          <Skeleton h={22} />
          <Skeleton h={22} />
        </Stack>
      ) : tickets.isError ? (
        <QueryError error={tickets.error} onRetry={() => void tickets.refetch()} />
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {staff ? "No tickets yet. Tickets your clients raise will be listed here." : "No tickets yet. Need help? Raise a New Ticket."}
        </Text>
      ) : (
        <Stack component="ul" gap={0} m={0} p={0} style={{ listStyle: "none" }}>
          {rows.map((ticket) => (
            <Group
              component="li"
              key={ticket.id}
              justify="space-between"
              wrap="nowrap"
              gap="sm"
              py="xs"
              style={{ borderTop: "1px solid var(--mantine-color-gray-2)" }}
            >
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Anchor component={Link} to={`/tickets/${ticket.id}`} size="sm" fw={600} truncate>
                  {references.ticket(ticket.number)} {ticket.subject}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {staff ? `${ticket.account.name} · ` : ""}
                  <time dateTime={ticket.lastActivityAt} title={formatDateTime(ticket.lastActivityAt)}>
                    {formatRelative(ticket.lastActivityAt)}
                  </time>
                </Text>
              </Stack>
              <TicketStatusBadge status={ticket.status} size="sm" />
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
