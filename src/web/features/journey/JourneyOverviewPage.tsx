/** Staff: every client's current journey step and since when (admins: every client; agents: theirs). */
import { Anchor, Badge, Flex, NumberInput, Paper, Select, Table, Text } from "@mantine/core";
import { IconRoute } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import { PageHeader } from "../../components/PageHeader";
import { Pager } from "../../components/Pager";
import { EmptyState, QueryError, TableSkeleton } from "../../components/States";
import { TableScroll } from "../../components/TableScroll";
import { formatDate } from "../../lib/format";
import { useJourneyOverview } from "./api";

export function JourneyOverviewPage() {
  const [step, setStep] = useState<string | null>(null);
  const [stuckDays, setStuckDays] = useState<number | undefined>(undefined);
  const [sort, setSort] = useState<"waiting" | "name">("waiting");
  const [page, setPage] = useState(1);
  const query = useJourneyOverview({ step: step ?? undefined, stuckDays, sort, page });
  const overview = query.data;
  const stepOptions = [
    ...(overview?.steps ?? []).map((s) => ({ value: s.id, label: `${s.label} · ${s.title}` })),
    { value: "done", label: "Every step done" },
  ];
  return (
    <>
      <PageHeader
        title="Client journey"
        description="Where each client stands on their journey, and for how long. Open a client to move them on or back."
      />
      <Paper p="lg" mb="lg">
        <Flex direction={{ base: "column", sm: "row" }} gap="md">
          <Select
            label="Current step"
            placeholder="Any step"
            data={stepOptions}
            value={step}
            onChange={(v) => {
              setStep(v);
              setPage(1);
            }}
            clearable
            style={{ flex: 2 }}
          />
          <NumberInput
            label="Stuck for more than (days)"
            placeholder="Any time"
            min={0}
            max={3650}
            allowDecimal={false}
            value={stuckDays ?? ""}
            onChange={(v) => {
              setStuckDays(typeof v === "number" ? v : undefined);
              setPage(1);
            }}
            style={{ flex: 1 }}
          />
          <Select
            label="Sort by"
            data={[
              { value: "waiting", label: "Longest waiting first" },
              { value: "name", label: "Client name" },
            ]}
            value={sort}
            onChange={(v) => setSort(v === "name" ? "name" : "waiting")}
            allowDeselect={false}
            style={{ flex: 1 }}
          />
        </Flex>
      </Paper>
      <Paper p="lg">
        {query.isPending ? (
          <TableSkeleton />
        ) : query.isError || !overview ? (
          <QueryError error={query.error} onRetry={() => void query.refetch()} />
        ) : overview.data.length === 0 ? (
          <EmptyState title="No clients match" icon={<IconRoute size={26} />} withBorder={false}>
            {step || stuckDays !== undefined ? "Try another step or fewer days." : "Clients appear here once they have an account."}
          </EmptyState>
        ) : (
          <>
            <TableScroll minWidth={620} label="Clients by journey step">
              <Table verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Client</Table.Th>
                    <Table.Th>Current step</Table.Th>
                    <Table.Th>Since</Table.Th>
                    <Table.Th>Waiting</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {overview.data.map((row) => (
                    <Table.Tr key={row.accountId}>
                      <Table.Td>
                        <Anchor component={Link} to={`/clients/${row.accountId}`} size="sm">
                          {row.accountName}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {row.stepId ? `${row.stepLabel} · ${row.stepTitle}` : <Badge color="green">Every step done</Badge>}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{formatDate(row.since)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{row.days === 1 ? "1 day" : `${row.days} days`}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
            <Pager page={overview.page} total={overview.total} pageSize={overview.pageSize} onChange={setPage} noun="clients" />
          </>
        )}
      </Paper>
    </>
  );
}
