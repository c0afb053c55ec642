import { Anchor, Badge, Box, Code, Group, NativeSelect, Paper, Stack, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { IconListDetails, IconSearch, IconUser } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import { AUDIT_OBJECT_TYPES, type TAuditChange, type TAuditEntry } from "../../../common/schemas";
import { PageHeader } from "../../components/PageHeader";
import { Pager } from "../../components/Pager";
import { EmptyState, QueryError, TableSkeleton } from "../../components/States";
import { TableScroll } from "../../components/TableScroll";
import { describeVerb } from "../../lib/event-words";
import { formatDateTime } from "../../lib/format";
import { useListParams } from "../../lib/useListParams";
import { useEvents } from "./api";

const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The object-type filter's choices, in the words the log uses. */
const OBJECT_TYPE_LABELS: Record<(typeof AUDIT_OBJECT_TYPES)[number], string> = {
  settings: "Settings",
  user: "Users",
  account: "Client accounts",
  ticket: "Tickets",
  task: "Work requests",
  canned_reply: "Canned replies",
  ticket_category: "Ticket categories",
  request_type: "Request types",
  task_template: "Task templates",
  file: "Files",
  email: "Incoming email",
};
const isObjectType = (value: string): value is (typeof AUDIT_OBJECT_TYPES)[number] =>
  (AUDIT_OBJECT_TYPES as readonly string[]).includes(value);

/** The object an entry is about: its name (a link to its page where it has one) and its kind. */
function ObjectName({ object }: { object: TAuditEntry["object"] }) {
  return (
    <Stack gap={0}>
      {object.href ? (
        <Anchor component={Link} to={object.href} size="sm" fw={500}>
          {object.name}
        </Anchor>
      ) : (
        <Text size="sm" fw={500} c={object.deleted ? "dimmed" : undefined}>
          {object.name}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {object.typeLabel}
        {object.deleted && object.name !== "(deleted)" ? " · deleted" : ""}
      </Text>
    </Stack>
  );
}

function changeText(change: TAuditChange): string {
  return change.before === null || change.after === null ? "changed" : `${change.before} → ${change.after}`;
}

/** "Accent colour: #4263eb → #0b7285", one line a field; nothing when the event changed no field. */
function Changes({ changes }: { changes: TAuditChange[] }) {
  if (changes.length === 0) return null;
  return (
    <Stack component="ul" gap={2} m={0} p={0} style={{ listStyle: "none" }} aria-label="Changes">
      {changes.map((change) => (
        <Text component="li" key={change.field} size="sm" style={{ overflowWrap: "anywhere" }}>
          <Text span fw={500} inherit>
            {change.label}:
          </Text>{" "}
          {changeText(change)}
        </Text>
      ))}
    </Stack>
  );
}

function Actor({ entry }: { entry: TAuditEntry }) {
  return (
    <Text span inherit c={entry.actor ? undefined : "dimmed"}>
      {entry.actor?.name ?? "System"}
    </Text>
  );
}

function What({ entry }: { entry: TAuditEntry }) {
  return (
    <>
      <Text size="sm" fw={500}>
        {describeVerb(entry.verb)}
      </Text>
      {/* Why wrapped: a long verb must not make a scrolling box keyboard users cannot reach. */}
      <Code fz="xs" c="dark.6" style={{ whiteSpace: "normal", overflowWrap: "anywhere" }}>
        {entry.verb}
      </Code>
    </>
  );
}

/** From 992 px: a table, one row an event. */
function AuditTable({ entries }: { entries: TAuditEntry[] }) {
  return (
    <Box visibleFrom="md">
      <TableScroll minWidth={820} label="Audit log events">
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Time</Table.Th>
              <Table.Th scope="col">Actor</Table.Th>
              <Table.Th scope="col">What</Table.Th>
              <Table.Th scope="col">Object</Table.Th>
              <Table.Th scope="col">Changes</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((entry) => (
              <Table.Tr key={entry.id} style={{ verticalAlign: "top" }}>
                <Table.Td style={{ whiteSpace: "nowrap" }}>
                  <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt)}</time>
                </Table.Td>
                <Table.Td>
                  <Actor entry={entry} />
                </Table.Td>
                <Table.Td>
                  <What entry={entry} />
                </Table.Td>
                <Table.Td style={{ overflowWrap: "anywhere" }}>
                  <ObjectName object={entry.object} />
                </Table.Td>
                <Table.Td>
                  <Changes changes={entry.changes} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
    </Box>
  );
}

/** Below 992 px (a phone, a narrow window): one card an event, nothing to scroll sideways. */
function AuditCards({ entries }: { entries: TAuditEntry[] }) {
  return (
    <Stack component="ul" hiddenFrom="md" gap={0} m={0} p={0} style={{ listStyle: "none" }} aria-label="Audit log events">
      {entries.map((entry) => (
        <Stack component="li" key={entry.id} gap={6} p="md" style={{ borderTop: "1px solid var(--mantine-color-gray-2)" }}>
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <What entry={entry} />
            </Stack>
            <Text size="xs" c="dimmed" ta="right">
              <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt)}</time>
            </Text>
          </Group>
          <ObjectName object={entry.object} />
          <Changes changes={entry.changes} />
          <Group gap={4} wrap="nowrap">
            <IconUser size={14} aria-hidden="true" />
            <Text size="xs" c="dimmed">
              by <Actor entry={entry} />
            </Text>
          </Group>
        </Stack>
      ))}
    </Stack>
  );
}

export function AuditPage() {
  const list = useListParams("verb");
  const verb = list.get("verb");
  const objectTypeParam = list.get("objectType");
  const objectType = isObjectType(objectTypeParam) ? objectTypeParam : "";
  const actor = list.get("actor");
  const [actorText, setActorText] = useState(actor);
  const applyActor = useDebouncedCallback((value: string) => list.set({ actor: value.trim() || null }), 300);
  const events = useEvents({ verb: verb || undefined, objectType: objectType || undefined, actor: actor || undefined, page: list.page });
  const filtered = Boolean(verb || objectType || actor);

  return (
    <>
      <PageHeader
        title="Audit log"
        description={`Every change in the portal: who did what, to which object, and what changed. Times are shown in your time zone (${zone}).`}
      />
      <Paper p={0}>
        <Group p="md" align="flex-end" gap="md">
          <NativeSelect
            label="Kind of object"
            data={[{ value: "", label: "Everything" }, ...AUDIT_OBJECT_TYPES.map((value) => ({ value, label: OBJECT_TYPE_LABELS[value] }))]}
            value={objectType}
            onChange={(event) => list.set({ objectType: event.currentTarget.value || null })}
            w={{ base: "100%", sm: 200 }}
          />
          <TextInput
            label="Who did it"
            placeholder="Name or email"
            leftSection={<IconUser size={16} aria-hidden="true" />}
            value={actorText}
            onChange={(event) => {
              setActorText(event.currentTarget.value);
              applyActor(event.currentTarget.value);
            }}
            type="search"
            w={{ base: "100%", sm: 220 }}
          />
          <TextInput
            label="Filter by action"
            placeholder="e.g. user.invited or account"
            leftSection={<IconSearch size={16} aria-hidden="true" />}
            value={list.text}
            onChange={(event) => list.setText(event.currentTarget.value)}
            type="search"
            w={{ base: "100%", sm: 260 }}
          />
          {events.data && filtered ? (
            <Badge variant="light" color="gray" size="lg" radius="sm">
              {events.data.total} {events.data.total === 1 ? "event" : "events"}
            </Badge>
          ) : null}
        </Group>
        {events.isPending ? (
          <TableSkeleton />
        ) : events.isError ? (
          <Stack p="md">
            <QueryError error={events.error} onRetry={() => void events.refetch()} />
          </Stack>
        ) : events.data.data.length === 0 ? (
          <EmptyState title={filtered ? "No matching events" : "No events yet"} icon={<IconListDetails size={26} />} withBorder={false}>
            {filtered ? "No event matches these filters." : "Changes to users, clients and settings will be recorded here."}
          </EmptyState>
        ) : (
          <>
            <AuditTable entries={events.data.data} />
            <AuditCards entries={events.data.data} />
            <Pager page={list.page} total={events.data.total} pageSize={events.data.pageSize} onChange={list.setPage} noun="events" />
          </>
        )}
      </Paper>
    </>
  );
}
