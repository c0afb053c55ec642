import { Anchor, Group, NativeSelect, Paper, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { Link } from "react-router";
import {
  TICKET_PRIORITY_LABELS,
  TICKET_STATUS_HELP,
  TICKET_STATUS_LABELS,
  type TTicketSummary,
  type TUpdateTicketRequest,
} from "../../../common/tickets";
import { useReferences } from "../../api/branding";
import { errorMessage } from "../../api/client";
import { formatDateTime } from "../../lib/format";
import { useAccount } from "../clients/api";
import { useCategories, useUpdateTicket } from "./api";
import { TicketPriorityBadge, TicketStatusBadge } from "./TicketBadges";
import { isPriority, isStatus, PRIORITY_OPTIONS, STATUS_OPTIONS } from "./words";

/** Under the page title: status (with the guide's meaning), priority, category, client, assignee. */
export function TicketMeta({ ticket, staff }: { ticket: TTicketSummary; staff: boolean }) {
  return (
    <Stack gap={6} mt={-16} mb="xl">
      <Group gap="xs" wrap="wrap">
        <TicketStatusBadge status={ticket.status} size="lg" />
        <TicketPriorityBadge priority={ticket.priority} withLabel />
        <Text size="sm">
          {ticket.category ? ticket.category.name : "No category"}
          {staff ? (
            <>
              {" · "}
              <Anchor component={Link} to={`/clients/${ticket.account.id}`} inherit>
                {ticket.account.name}
              </Anchor>
            </>
          ) : null}
          {" · "}
          {ticket.assignee ? `Assigned to ${ticket.assignee.name}` : "Not assigned yet"}
        </Text>
      </Group>
      <Text size="sm" c="dimmed">
        {TICKET_STATUS_HELP[ticket.status]}
      </Text>
    </Stack>
  );
}

/** Staff: status, priority, category and assignee as selects that save on change. */
export function TicketControls({ ticket }: { ticket: TTicketSummary }) {
  const update = useUpdateTicket(ticket.id);
  const categories = useCategories();
  const account = useAccount(ticket.account.id);
  const reference = useReferences().ticket(ticket.number);
  const agents = account.data?.data.account.agents ?? [];

  const save = (input: TUpdateTicketRequest, summary: string) =>
    update.mutate(input, {
      onSuccess: () => notifications.show({ color: "green", title: `${reference} updated`, message: summary }),
      onError: (error) => notifications.show({ color: "red", title: "Could not update the ticket", message: errorMessage(error) }),
    });

  // While a change saves (and the ticket reloads), show the chosen value rather than the old one.
  const pending = update.isPending ? (update.variables ?? {}) : {};
  const categoryOptions = (categories.data?.data ?? []).map((c) => ({ value: c.id, label: c.name }));
  if (ticket.category && !categoryOptions.some((o) => o.value === ticket.category?.id)) {
    categoryOptions.unshift({ value: ticket.category.id, label: ticket.category.name });
  }
  // Only active staff can take a ticket (the server's rule): an agent still invited, or suspended, is left out.
  const assigneeOptions = agents.filter((agent) => agent.state === "active").map((agent) => ({ value: agent.id, label: agent.name }));
  if (ticket.assignee && !assigneeOptions.some((o) => o.value === ticket.assignee?.id)) {
    assigneeOptions.unshift({ value: ticket.assignee.id, label: ticket.assignee.name });
  }

  return (
    <Paper p="lg">
      <Title order={2} fz="md" mb="md">
        Manage ticket
      </Title>
      <Stack gap="md">
        <NativeSelect
          label="Status"
          description={TICKET_STATUS_HELP[ticket.status]}
          value={pending.status ?? ticket.status}
          disabled={update.isPending}
          data={STATUS_OPTIONS}
          onChange={(event) => {
            const value = event.currentTarget.value;
            if (isStatus(value)) save({ status: value }, `Status: ${TICKET_STATUS_LABELS[value]}`);
          }}
        />
        <NativeSelect
          label="Priority"
          value={pending.priority ?? ticket.priority}
          disabled={update.isPending}
          data={PRIORITY_OPTIONS}
          onChange={(event) => {
            const value = event.currentTarget.value;
            if (isPriority(value)) save({ priority: value }, `Priority: ${TICKET_PRIORITY_LABELS[value]}`);
          }}
        />
        <NativeSelect
          label="Category"
          value={pending.categoryId !== undefined ? (pending.categoryId ?? "") : (ticket.category?.id ?? "")}
          disabled={update.isPending}
          data={[{ value: "", label: "No category" }, ...categoryOptions]}
          onChange={(event) => {
            const value = event.currentTarget.value;
            const label = categoryOptions.find((o) => o.value === value)?.label ?? "None";
            save({ categoryId: value || null }, `Category: ${label}`);
          }}
        />
        <NativeSelect
          label="Assignee"
          description={
            agents.length === 0 && !account.isPending ? "No agent is assigned to this client yet." : "Agents who work this client."
          }
          value={pending.assigneeId !== undefined ? (pending.assigneeId ?? "") : (ticket.assignee?.id ?? "")}
          disabled={update.isPending}
          data={[{ value: "", label: account.isPending ? "Loading…" : "Unassigned" }, ...assigneeOptions]}
          onChange={(event) => {
            const value = event.currentTarget.value;
            const label = assigneeOptions.find((o) => o.value === value)?.label;
            save({ assigneeId: value || null }, label ? `Assigned to ${label}` : "Unassigned");
          }}
        />
      </Stack>
    </Paper>
  );
}

/** Who raised it and when; shown to everyone. */
export function TicketFacts({ ticket }: { ticket: TTicketSummary }) {
  const references = useReferences();
  const rows: Array<[string, string]> = [
    ["Reference", references.ticket(ticket.number)],
    ["Raised by", ticket.createdBy.name],
    ["Created", formatDateTime(ticket.createdAt)],
    ["Last activity", formatDateTime(ticket.lastActivityAt)],
  ];
  return (
    <Paper p="lg">
      <Title order={2} fz="md" mb="md">
        Details
      </Title>
      <Stack component="dl" gap="sm" m={0}>
        {rows.map(([label, value]) => (
          <div key={label}>
            <Text component="dt" size="xs" c="dimmed">
              {label}
            </Text>
            <Text component="dd" size="sm" fw={500} m={0} style={{ overflowWrap: "anywhere" }}>
              {value}
            </Text>
          </div>
        ))}
      </Stack>
    </Paper>
  );
}
