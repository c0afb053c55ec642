import { Anchor, Box, Button, Group, Paper, SegmentedControl, Stack, Table, Text, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconKey, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import { ASK_ACTION_TITLES, ASK_KIND_LABELS, askPath, type TAskListItem } from "../../../common/asks";
import { isStaff, useMe } from "../../api/session";
import { ClientSelect } from "../../components/ClientSelect";
import { PageHeader } from "../../components/PageHeader";
import { Pager } from "../../components/Pager";
import { EmptyState, QueryError, TableSkeleton } from "../../components/States";
import { TableScroll } from "../../components/TableScroll";
import { useListParams } from "../../lib/useListParams";
import { NewAskModal } from "./AskForm";
import { useAsks } from "./api";
import { Countdown } from "./Countdown";
import { AskStatusBadge, shownStatus, usePast } from "./parts";
import { ResponseTimes } from "./ResponseTimes";
import { formatClock } from "./time";

/** /asks — staff: every ask in their scope, "New ask" and response times; a client: their agent's requests. */
export function AsksPage() {
  return isStaff(useMe()) ? <StaffAsksPage /> : <ClientAsksPage />;
}

/** The status cell: a countdown while the client still has time, the status otherwise. */
function StatusCell({ ask, staff }: { ask: TAskListItem; staff: boolean }) {
  const late = usePast(ask.deadlineAt);
  const status = shownStatus(ask, late);
  return status === "open" ? <Countdown deadline={ask.deadlineAt} size="sm" /> : <AskStatusBadge status={status} staff={staff} />;
}

/** When it was answered, cancelled or (for an expired one) due. */
function OutcomeTime({ ask }: { ask: TAskListItem }) {
  if (ask.answeredAt) return <>{`${ask.answeredBy?.name ?? "Answered"} · ${formatClock(ask.answeredAt)}`}</>;
  if (ask.cancelledAt) return <>{`Cancelled · ${formatClock(ask.cancelledAt)}`}</>;
  return (
    <Text span size="sm" c="dimmed">
      Not yet
    </Text>
  );
}

function StaffTable({ rows }: { rows: TAskListItem[] }) {
  return (
    <TableScroll minWidth={820} label="Asks">
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Request</Table.Th>
            <Table.Th scope="col">Client</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Asked by</Table.Th>
            <Table.Th scope="col">Answered</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((ask) => (
            <Table.Tr key={ask.id}>
              <Table.Td maw={360}>
                <Anchor component={Link} to={askPath(ask.id)} fw={600} size="sm" lineClamp={2}>
                  {ask.prompt}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {ASK_KIND_LABELS[ask.kind]}
                  {ask.secret ? " · secret" : ""}
                </Text>
              </Table.Td>
              <Table.Td>{ask.account.name}</Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                <StatusCell ask={ask} staff />
              </Table.Td>
              <Table.Td>
                {ask.askedBy.name}
                <Text size="xs" c="dimmed">
                  {formatClock(ask.askedAt)}
                </Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                <OutcomeTime ask={ask} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}

/** An ask as a card: the staff list on a phone, and every client's list. */
function AskCard({ ask, staff }: { ask: TAskListItem; staff: boolean }) {
  const late = usePast(ask.deadlineAt);
  const answerable = !staff && ask.policies.answer && !late;
  return (
    <Paper
      component="li"
      p="md"
      style={answerable ? { borderColor: "var(--mantine-color-orange-5)", background: "var(--mantine-color-orange-0)" } : undefined}
    >
      <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
        <Stack gap={2} style={{ flex: "1 1 14rem", minWidth: 0 }}>
          <Text size="xs" fw={700} c="dimmed" tt="uppercase">
            {staff ? `${ASK_KIND_LABELS[ask.kind]} · ${ask.account.name}` : ASK_ACTION_TITLES[ask.kind]}
          </Text>
          <Anchor component={Link} to={askPath(ask.id)} fw={600} style={{ overflowWrap: "anywhere" }}>
            {ask.prompt}
          </Anchor>
          <Text size="xs" c="dimmed">
            {ask.askedBy.name} · asked {formatClock(ask.askedAt)}
            {ask.answeredAt ? ` · answered ${formatClock(ask.answeredAt)}` : ""}
          </Text>
        </Stack>
        <Stack gap={6} align="flex-end">
          <StatusCell ask={ask} staff={staff} />
          {answerable ? (
            <Button component={Link} to={askPath(ask.id)} size="xs">
              Answer now
            </Button>
          ) : null}
        </Stack>
      </Group>
    </Paper>
  );
}

function CardList({ rows, staff, label }: { rows: TAskListItem[]; staff: boolean; label: string }) {
  return (
    <Stack component="ul" gap="sm" m={0} p={0} style={{ listStyle: "none" }} aria-label={label}>
      {rows.map((ask) => (
        <AskCard key={ask.id} ask={ask} staff={staff} />
      ))}
    </Stack>
  );
}

function StaffAsksPage() {
  const { get, set, page, setPage } = useListParams("account");
  const status = get("status") === "all" ? "all" : "open";
  const account = get("account");
  const list = useAsks({ status, page, accountId: account || undefined });
  const [creating, setCreating] = useState(false);
  const mobile = useMediaQuery("(max-width: 47.99em)", false, { getInitialValueInEffect: false });
  const rows = list.data?.data ?? [];
  const canCreate = list.data?.policies.create ?? false;

  return (
    <>
      <PageHeader
        title="Codes & confirmations"
        description="Ask a client for a one-time code, a yes/no confirmation, a short answer or a file, by a deadline. They see it on their dashboard at once; you see the answer arrive here."
        actions={
          canCreate ? (
            <Button leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => setCreating(true)}>
              New ask
            </Button>
          ) : null
        }
      />
      <Stack gap="lg">
        <Paper p={0}>
          <Group p="md" gap="sm" align="flex-end" wrap="wrap">
            <Stack gap={4} w={{ base: "100%", xs: "auto" }}>
              <Text size="sm" fw={500} id="asks-status-label">
                Show
              </Text>
              <SegmentedControl
                aria-labelledby="asks-status-label"
                value={status}
                onChange={(v) => set({ status: v === "all" ? "all" : null })}
                data={[
                  { value: "open", label: "Open" },
                  { value: "all", label: "All" },
                ]}
                w={{ base: "100%", xs: 200 }}
              />
            </Stack>
            <ClientSelect value={account} onChange={(v) => set({ account: v || null })} clearable w={{ base: "100%", xs: 260 }} />
          </Group>
          {list.isPending ? (
            <TableSkeleton rows={3} />
          ) : list.isError ? (
            <Box p="md">
              <QueryError error={list.error} onRetry={() => void list.refetch()} title="Could not load the asks" />
            </Box>
          ) : rows.length === 0 ? (
            <EmptyState
              withBorder={false}
              icon={<IconKey size={26} />}
              title={status === "open" ? "Nothing waiting for a client" : "No asks yet"}
              action={
                status === "open" ? (
                  <Button variant="default" onClick={() => set({ status: "all" })}>
                    Show past asks
                  </Button>
                ) : undefined
              }
            >
              {status === "open"
                ? "Open asks show here with the time the client has left. Need a code the client just received? Use “New ask”."
                : "Asks you and your team send appear here with their answers' times."}
            </EmptyState>
          ) : (
            <>
              {mobile ? (
                <Box p="md" pb={0}>
                  <CardList rows={rows} staff label="Asks" />
                </Box>
              ) : (
                <StaffTable rows={rows} />
              )}
              <Pager page={page} total={list.data?.total ?? 0} pageSize={list.data?.pageSize ?? 25} onChange={setPage} noun="asks" />
            </>
          )}
        </Paper>
        <ResponseTimes />
      </Stack>
      <NewAskModal opened={creating} onClose={() => setCreating(false)} accountId={account || undefined} />
    </>
  );
}

function ClientAsksPage() {
  const { page, setPage } = useListParams("q");
  const list = useAsks({ status: "all", page });
  const rows = list.data?.data ?? [];
  const now = Date.now();
  // The server lists open ones first (soonest deadline first), then the rest, newest first.
  const open = rows.filter((a) => a.status === "open" && Date.parse(a.deadlineAt) > now);
  const past = rows.filter((a) => !open.includes(a));
  return (
    <>
      <PageHeader
        title="Requests from your agent"
        description="When your agent needs a one-time code, a confirmation or a quick answer to keep your service moving, it shows here and on your dashboard. Answer before the time runs out."
      />
      {list.isPending ? <TableSkeleton rows={3} /> : null}
      {list.isError ? <QueryError error={list.error} onRetry={() => void list.refetch()} title="Could not load the requests" /> : null}
      {list.data && rows.length === 0 ? (
        <EmptyState title="No requests yet" icon={<IconKey size={26} />}>
          When your agent asks you for a code or a confirmation, it appears here and at the top of your dashboard, with the time you have.
        </EmptyState>
      ) : null}
      {list.data && rows.length > 0 ? (
        <Stack gap="lg">
          <Stack gap="sm" component="section" aria-labelledby="asks-open">
            <Title order={2} fz="md" id="asks-open">
              Waiting for you
            </Title>
            {open.length ? (
              <CardList rows={open} staff={false} label="Waiting for you" />
            ) : (
              <Text size="sm" c="dimmed">
                Nothing is waiting for you. New requests appear here and on your dashboard at once.
              </Text>
            )}
          </Stack>
          {past.length ? (
            <Stack gap="sm" component="section" aria-labelledby="asks-past">
              <Title order={2} fz="md" id="asks-past">
                Past requests
              </Title>
              <CardList rows={past} staff={false} label="Past requests" />
            </Stack>
          ) : null}
          {list.data.total > list.data.pageSize ? (
            <Paper>
              <Pager page={page} total={list.data.total} pageSize={list.data.pageSize} onChange={setPage} noun="requests" />
            </Paper>
          ) : null}
        </Stack>
      ) : null}
    </>
  );
}
