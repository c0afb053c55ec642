import { Group, Paper, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import type { TAskResponseTimes } from "../../../common/asks";
import { QueryError } from "../../components/States";
import { TableScroll } from "../../components/TableScroll";
import { useResponseTimes } from "./api";
import { formatSeconds } from "./time";

/** Staff: per client, how fast asks are answered — the seed's "fast responses help your service move". */
export function ResponseTimes() {
  const query = useResponseTimes();
  const mobile = useMediaQuery("(max-width: 47.99em)", false, { getInitialValueInEffect: false });
  const rows = [...(query.data?.data ?? [])].sort((a, b) => a.account.name.localeCompare(b.account.name));
  return (
    <Paper p={{ base: "md", sm: "lg" }} component="section" aria-labelledby="ask-response-times">
      <Title order={2} fz="md" id="ask-response-times">
        Response times
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        How fast each client answers, from asking to answer. Slow or expired answers are worth a word with the client.
      </Text>
      {query.isPending ? (
        <Skeleton h={80} aria-label="Loading response times" />
      ) : query.isError ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          No asks yet. Once a client answers, their median and slowest response show here.
        </Text>
      ) : mobile ? (
        <TimesList rows={rows} />
      ) : (
        <TableScroll minWidth={560} label="Response times per client">
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Client</Table.Th>
                <Table.Th scope="col">Median</Table.Th>
                <Table.Th scope="col">Slowest</Table.Th>
                <Table.Th scope="col">Answered</Table.Th>
                <Table.Th scope="col">Expired</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.account.id}>
                  <Table.Th scope="row" fw={500}>
                    {row.account.name}
                  </Table.Th>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>{formatSeconds(row.medianSeconds)}</Table.Td>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>{formatSeconds(row.slowestSeconds)}</Table.Td>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>
                    {row.answered} of {row.asked}
                  </Table.Td>
                  <Table.Td>{row.expired}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
    </Paper>
  );
}

/** On a phone: one line per client instead of a table that would scroll sideways. */
function TimesList({ rows }: { rows: TAskResponseTimes["data"] }) {
  return (
    <Stack component="ul" gap={0} m={0} p={0} style={{ listStyle: "none" }} aria-label="Response times per client">
      {rows.map((row) => (
        <Stack component="li" key={row.account.id} gap={2} py="xs" style={{ borderTop: "1px solid var(--mantine-color-gray-2)" }}>
          <Text size="sm" fw={600}>
            {row.account.name}
          </Text>
          <Group gap="md" wrap="wrap">
            <Text size="sm">Median {formatSeconds(row.medianSeconds)}</Text>
            <Text size="sm">Slowest {formatSeconds(row.slowestSeconds)}</Text>
            <Text size="sm">
              {row.answered} of {row.asked} answered
            </Text>
            <Text size="sm">{row.expired} expired</Text>
          </Group>
        </Stack>
      ))}
    </Stack>
  );
}
