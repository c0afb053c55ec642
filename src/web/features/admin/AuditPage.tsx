import { Code, Group, Paper, Stack, Table, Text, TextInput } from "@mantine/core";
import { IconListDetails, IconSearch } from "@tabler/icons-react";
import { PageHeader } from "../../components/PageHeader";
import { Pager } from "../../components/Pager";
import { EmptyState, QueryError, TableSkeleton } from "../../components/States";
import { TableScroll } from "../../components/TableScroll";
import { describeObject, describeVerb, formatDateTime } from "../../lib/format";
import { useListParams } from "../../lib/useListParams";
import { useEvents } from "./api";

const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

export function AuditPage() {
  const list = useListParams("verb");
  const verb = list.get("verb");
  const events = useEvents({ verb: verb || undefined, page: list.page });

  return (
    <>
      <PageHeader
        title="Audit log"
        description={`Every change in the portal: who did what, and when. Times are shown in your time zone (${zone}).`}
      />
      <Paper p={0}>
        <Group p="md">
          <TextInput
            label="Filter by action"
            placeholder="e.g. user.invited or account"
            leftSection={<IconSearch size={16} aria-hidden="true" />}
            value={list.text}
            onChange={(event) => list.setText(event.currentTarget.value)}
            type="search"
            w={{ base: "100%", sm: 320 }}
          />
        </Group>
        {events.isPending ? (
          <TableSkeleton />
        ) : events.isError ? (
          <Stack p="md">
            <QueryError error={events.error} onRetry={() => void events.refetch()} />
          </Stack>
        ) : events.data.data.length === 0 ? (
          <EmptyState title={verb ? "No matching events" : "No events yet"} icon={<IconListDetails size={26} />} withBorder={false}>
            {verb ? `No event matches “${verb}”.` : "Changes to users, clients and settings will be recorded here."}
          </EmptyState>
        ) : (
          <>
            <TableScroll minWidth={760} label="Audit log events">
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Time</Table.Th>
                    <Table.Th scope="col">Actor</Table.Th>
                    <Table.Th scope="col">What</Table.Th>
                    <Table.Th scope="col">Object</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {events.data.data.map((event) => (
                    <Table.Tr key={event.id}>
                      <Table.Td style={{ whiteSpace: "nowrap" }}>
                        <time dateTime={event.createdAt}>{formatDateTime(event.createdAt)}</time>
                      </Table.Td>
                      <Table.Td>
                        {event.actor?.name ?? (
                          <Text span size="sm" c="dimmed">
                            System
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {describeVerb(event.verb)}
                        </Text>
                        <Code fz="xs" c="dark.6">
                          {event.verb}
                        </Code>
                      </Table.Td>
                      <Table.Td style={{ overflowWrap: "anywhere" }}>{describeObject(event)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
            <Pager page={list.page} total={events.data.total} pageSize={events.data.pageSize} onChange={list.setPage} noun="events" />
          </>
        )}
      </Paper>
    </>
  );
}
