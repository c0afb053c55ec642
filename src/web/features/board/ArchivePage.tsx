import { Anchor, Button, Group, Paper, Stack, Table, Text, TextInput } from "@mantine/core";
import { IconArchive, IconSearch } from "@tabler/icons-react";
import { Link } from "react-router";
import { useReferences } from "../../api/branding";
import { isStaff, useMe } from "../../api/session";
import { ClientSelect } from "../../components/ClientSelect";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, QueryError, TableSkeleton } from "../../components/States";
import { TableScroll } from "../../components/TableScroll";
import { formatDateTime } from "../../lib/format";
import { useListParams } from "../../lib/useListParams";
import { useArchive } from "./api";
import { backToBoard } from "./TemplatePage";

/**
 * The archive: completed tasks taken off the board after the admin's number of days ("so as to
 * not clog up the board"), searchable; staff can bring one back from its page.
 */
export function ArchivePage() {
  const staff = isStaff(useMe());
  const references = useReferences();
  const list = useListParams("q");
  const accountId = staff ? list.get("client") || undefined : undefined;
  const archive = useArchive({ q: list.get("q") || undefined, accountId });
  const rows = archive.data?.pages.flatMap((page) => page.data) ?? [];
  const searching = Boolean(list.get("q") || accountId);

  return (
    <>
      <PageHeader
        title="Archive"
        above={backToBoard}
        description="Completed work requests leave the board for the archive over time, so they do not clog up the board. Search them here."
      />
      <Paper p={0}>
        <Group p="md" gap="md" align="flex-end">
          <TextInput
            label="Search"
            placeholder="Task number or words in it"
            leftSection={<IconSearch size={16} aria-hidden="true" />}
            value={list.text}
            onChange={(event) => list.setText(event.currentTarget.value)}
            w={{ base: "100%", xs: 320 }}
          />
          {staff ? (
            <ClientSelect
              clearable
              value={accountId ?? ""}
              onChange={(value) => list.set({ client: value || null })}
              w={{ base: "100%", xs: 280 }}
            />
          ) : null}
        </Group>
        {archive.isPending ? (
          <TableSkeleton />
        ) : archive.isError ? (
          <Stack p="md">
            <QueryError error={archive.error} onRetry={() => void archive.refetch()} />
          </Stack>
        ) : rows.length === 0 ? (
          <EmptyState
            title={searching ? "No archived task matches" : "Nothing archived yet"}
            icon={<IconArchive size={26} />}
            withBorder={false}
          >
            {searching
              ? "Try other words, or clear the filters."
              : "Completed tasks move here automatically some time after they are completed."}
          </EmptyState>
        ) : (
          <>
            <TableScroll minWidth={staff ? 820 : 640} label="Archived work requests">
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Task</Table.Th>
                    <Table.Th scope="col">Request type</Table.Th>
                    {staff ? <Table.Th scope="col">Client</Table.Th> : null}
                    <Table.Th scope="col">Completed</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((task) => (
                    <Table.Tr key={task.id}>
                      <Table.Td maw={420}>
                        <Anchor component={Link} to={`/work-requests/${task.id}`} size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
                          <Text span c="dimmed" inherit fw={500}>
                            {references.task(task.number)}
                          </Text>{" "}
                          {task.summary}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{task.requestType?.name ?? "—"}</Table.Td>
                      {staff ? <Table.Td>{task.account.name}</Table.Td> : null}
                      <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDateTime(task.completedAt)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
            {archive.hasNextPage ? (
              <Group justify="center" p="md">
                <Button variant="default" loading={archive.isFetchingNextPage} onClick={() => void archive.fetchNextPage()}>
                  Load more
                </Button>
              </Group>
            ) : null}
          </>
        )}
      </Paper>
    </>
  );
}
