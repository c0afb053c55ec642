import { Anchor, Group, Paper, Stack, Table, Text } from "@mantine/core";
import { Link } from "react-router";
import type { TTicketSummary } from "../../../common/tickets";
import { useReferences } from "../../api/branding";
import { TableScroll } from "../../components/TableScroll";
import { formatDateTime, formatRelative } from "../../lib/format";
import { TicketPriorityBadge, TicketStatusBadge } from "./TicketBadges";

interface TicketListProps {
  tickets: TTicketSummary[];
  staff: boolean;
  sort: "activity" | "created";
}

function When({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatRelative(iso)}
    </time>
  );
}

function Unset({ children }: { children: string }) {
  return (
    <Text span size="sm" c="dimmed">
      {children}
    </Text>
  );
}

/** The wide table (tablets and desktops). */
export function TicketTable({ tickets, staff, sort }: TicketListProps) {
  const references = useReferences();
  return (
    <TableScroll minWidth={staff ? 960 : 720} label="Support tickets">
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Ticket</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Priority</Table.Th>
            <Table.Th scope="col">Category</Table.Th>
            {staff ? <Table.Th scope="col">Client</Table.Th> : null}
            {staff ? <Table.Th scope="col">Assignee</Table.Th> : null}
            <Table.Th scope="col">{sort === "created" ? "Created" : "Last activity"}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tickets.map((ticket) => (
            <Table.Tr key={ticket.id}>
              <Table.Td maw={420}>
                <Anchor component={Link} to={`/tickets/${ticket.id}`} size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
                  <Text span c="dimmed" inherit fw={500}>
                    {references.ticket(ticket.number)}
                  </Text>{" "}
                  {ticket.subject}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <TicketStatusBadge status={ticket.status} />
              </Table.Td>
              <Table.Td>
                <TicketPriorityBadge priority={ticket.priority} />
              </Table.Td>
              <Table.Td>{ticket.category?.name ?? <Unset>None</Unset>}</Table.Td>
              {staff ? <Table.Td>{ticket.account.name}</Table.Td> : null}
              {staff ? <Table.Td>{ticket.assignee?.name ?? <Unset>Unassigned</Unset>}</Table.Td> : null}
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                <When iso={sort === "created" ? ticket.createdAt : ticket.lastActivityAt} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}

/** One card per ticket on phones, instead of a table that would scroll sideways. */
export function TicketCards({ tickets, staff, sort }: TicketListProps) {
  const references = useReferences();
  return (
    <Stack component="ul" gap="sm" m={0} p="md" pt={0} style={{ listStyle: "none" }} aria-label="Support tickets">
      {tickets.map((ticket) => (
        <Paper component="li" key={ticket.id} p="sm">
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Text size="sm" c="dimmed" fw={500}>
              {references.ticket(ticket.number)}
            </Text>
            <Group gap={6} wrap="nowrap">
              <TicketPriorityBadge priority={ticket.priority} />
              <TicketStatusBadge status={ticket.status} />
            </Group>
          </Group>
          <Anchor
            component={Link}
            to={`/tickets/${ticket.id}`}
            fw={600}
            size="sm"
            display="block"
            mt={4}
            style={{ overflowWrap: "anywhere" }}
          >
            {ticket.subject}
          </Anchor>
          <Text size="xs" c="dimmed" mt={4}>
            {ticket.category?.name ?? "No category"} · {sort === "created" ? "created " : "updated "}
            <When iso={sort === "created" ? ticket.createdAt : ticket.lastActivityAt} />
          </Text>
          {staff ? (
            <Text size="xs" c="dimmed">
              {ticket.account.name} · {ticket.assignee?.name ?? "Unassigned"}
            </Text>
          ) : null}
        </Paper>
      ))}
    </Stack>
  );
}
