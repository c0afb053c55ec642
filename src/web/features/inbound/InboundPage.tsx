import { Anchor, Group, NativeSelect, Paper, Stack, Table, Text, VisuallyHidden } from "@mantine/core";
import { IconDownload, IconMailDown } from "@tabler/icons-react";
import { Link } from "react-router";
import { INBOUND_STATUSES, type TInboundMessage, type TInboundStatus } from "../../../common/inbound";
import { PageHeader } from "../../components/PageHeader";
import { Pager } from "../../components/Pager";
import { EmptyState, QueryError, TableSkeleton } from "../../components/States";
import { TableScroll } from "../../components/TableScroll";
import { formatDateTime } from "../../lib/format";
import { useListParams } from "../../lib/useListParams";
import { inboundRawUrl, useInboundList } from "./api";
import { QuarantineActions, ResolutionText } from "./QuarantineActions";

const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

const STATUS_FILTER: { value: TInboundStatus; label: string }[] = [
  { value: "quarantined", label: "Quarantined" },
  // Work requests too; the label stays as it is because e2e/tickets.e2e.ts selects the option by it.
  { value: "attached", label: "Posted to a ticket or task" },
  { value: "resolved", label: "Posted by an admin" },
  { value: "discarded", label: "Discarded" },
];

/** Quarantined is the default view, so it stays out of the address bar. */
function asStatus(value: string): TInboundStatus {
  return (INBOUND_STATUSES as readonly string[]).includes(value) ? (value as TInboundStatus) : "quarantined";
}

function subjectText(message: TInboundMessage): string {
  return message.subject.trim() || "(no subject)";
}

function InboundRow({ message, showReason, actions }: { message: TInboundMessage; showReason: boolean; actions: boolean }) {
  const subject = subjectText(message);
  return (
    <Table.Tr>
      <Table.Td style={{ whiteSpace: "nowrap" }}>
        <time dateTime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
      </Table.Td>
      {/* break-word: long addresses stay whole unless they cannot fit at all */}
      <Table.Td style={{ overflowWrap: "break-word" }}>{message.from || "—"}</Table.Td>
      {/* The original sits under its subject: one column fewer, so the actions fit at 1280 px. */}
      <Table.Td style={{ overflowWrap: "break-word", minWidth: 180 }}>
        {message.subject.trim() ? (
          message.subject
        ) : (
          <Text span size="sm" c="dimmed">
            (no subject)
          </Text>
        )}
        <div>
          {message.hasRaw ? (
            <Anchor href={inboundRawUrl(message.id)} download size="xs">
              <Group gap={4} wrap="nowrap" component="span">
                <IconDownload size={12} aria-hidden="true" />
                <span>
                  Download original<VisuallyHidden> of “{subject}”</VisuallyHidden>
                </span>
              </Group>
            </Anchor>
          ) : (
            <Text span size="xs" c="dimmed">
              Original not kept
            </Text>
          )}
        </div>
      </Table.Td>
      {showReason ? <Table.Td style={{ minWidth: 200 }}>{message.reason ?? "—"}</Table.Td> : null}
      <Table.Td style={{ whiteSpace: "nowrap" }}>
        {message.ticketId ? (
          <Anchor component={Link} to={`/tickets/${encodeURIComponent(message.ticketId)}`} size="sm">
            Open ticket<VisuallyHidden> named by “{subject}”</VisuallyHidden>
          </Anchor>
        ) : message.taskId ? (
          <Anchor component={Link} to={`/work-requests/${encodeURIComponent(message.taskId)}`} size="sm">
            Open task<VisuallyHidden> named by “{subject}”</VisuallyHidden>
          </Anchor>
        ) : (
          <Text span size="sm" c="dimmed">
            None
          </Text>
        )}
      </Table.Td>
      {actions ? (
        <Table.Td style={{ minWidth: 160 }}>
          {message.status === "quarantined" ? <QuarantineActions message={message} /> : <ResolutionText message={message} />}
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}

export function InboundPage() {
  const list = useListParams("status");
  const status = asStatus(list.get("status"));
  const quarantined = status === "quarantined";
  // Quarantined mail can be acted on; mail an admin posted or discarded says what was done.
  const handled = status === "resolved" || status === "discarded";
  const withReason = quarantined || handled;
  const messages = useInboundList({ status, page: list.page });

  return (
    <>
      <PageHeader
        title="Inbound email"
        description={
          <>
            Replies to ticket and work-request emails, and new email to the support address, arrive here. Email from a client contact to the
            support address becomes a new ticket. A reply that could not be matched, or email from someone who is not a contact, is
            quarantined: nothing was posted. Download the original to see it, then create a ticket from it, add the sender as a contact, or
            discard it. Times are shown in your time zone ({zone}).
          </>
        }
      />
      <Paper p={0}>
        <Group p="md">
          <NativeSelect
            label="Show"
            data={STATUS_FILTER}
            value={status}
            onChange={(event) => {
              const next = asStatus(event.currentTarget.value);
              list.set({ status: next === "quarantined" ? null : next });
            }}
            w={{ base: "100%", xs: 220 }}
          />
        </Group>
        {messages.isPending ? (
          <TableSkeleton />
        ) : messages.isError ? (
          <Stack p="md">
            <QueryError error={messages.error} onRetry={() => void messages.refetch()} />
          </Stack>
        ) : messages.data.data.length === 0 ? (
          <EmptyState
            title={
              quarantined
                ? "No quarantined email"
                : handled
                  ? `No ${status === "resolved" ? "email posted by an admin" : "discarded email"}`
                  : "No email posted yet"
            }
            icon={<IconMailDown size={26} />}
            withBorder={false}
          >
            {quarantined
              ? "Every email that arrived was posted to its ticket or work request. Email that cannot be matched or comes from someone outside it will appear here."
              : handled
                ? "Quarantined email an admin has acted on will appear here."
                : "Replies to ticket and work-request emails, and new tickets from the support address, will appear here."}
          </EmptyState>
        ) : (
          <>
            <TableScroll
              minWidth={quarantined || handled ? 1060 : 720}
              label={
                quarantined
                  ? "Quarantined email"
                  : handled
                    ? (STATUS_FILTER.find((f) => f.value === status)?.label ?? "Email")
                    : "Email posted to tickets and work requests"
              }
            >
              <Table verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Received</Table.Th>
                    <Table.Th scope="col">From</Table.Th>
                    <Table.Th scope="col">Subject</Table.Th>
                    {withReason ? <Table.Th scope="col">{handled ? "Why it was quarantined" : "Reason"}</Table.Th> : null}
                    {/* A quarantined message was posted nowhere: the link is to the ticket or task it named. */}
                    <Table.Th scope="col">{quarantined || status === "discarded" ? "Ticket or task" : "Posted to"}</Table.Th>
                    {withReason ? <Table.Th scope="col">{quarantined ? "Actions" : "What happened"}</Table.Th> : null}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {messages.data.data.map((message) => (
                    <InboundRow key={message.id} message={message} showReason={withReason} actions={withReason} />
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
            <Pager page={list.page} total={messages.data.total} pageSize={messages.data.pageSize} onChange={list.setPage} noun="emails" />
          </>
        )}
      </Paper>
    </>
  );
}
