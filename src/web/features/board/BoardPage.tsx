import { Accordion, Button, Group, NativeSelect, Paper, Skeleton, Stack, Table, Text, TextInput } from "@mantine/core";
import { IconArchive, IconFilterOff, IconPlus, IconSearch } from "@tabler/icons-react";
import { Link } from "react-router";
import { BOARD_DUE_FILTERS, STAGE_CLIENT_ACTION, STAGE_LABELS, STAGE_OWNER, STAGE_PURPOSE, STAGES } from "../../../common/board";
import { useReferences } from "../../api/branding";
import { isStaff, useMe, useSession } from "../../api/session";
import { ClientSelect } from "../../components/ClientSelect";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, QueryError } from "../../components/States";
import { TableScroll } from "../../components/TableScroll";
import { useListParams } from "../../lib/useListParams";
import { useAssignees, useBoard } from "./api";
import { BoardColumns } from "./BoardColumns";
import { BOARD_FILTER_KEYS, boardQueryOf, DUE_FILTER_LABELS, isFiltered } from "./words";

const NEXT_STAGE: Record<string, string> = {
  requested: "IN PROGRESS, when work commences",
  in_progress: "ON HOLD / WAITING or CLIENT APPROVAL",
  on_hold: "CLIENT APPROVAL (or back to IN PROGRESS)",
  client_approval: "COMPLETED, once you approve",
  completed: "—",
};

/** The guide's workflow table, for anyone wondering what a column means. */
function HowTheBoardWorks({ agencyName }: { agencyName: string }) {
  return (
    <Accordion variant="separated" radius="md">
      <Accordion.Item value="how">
        <Accordion.Control>How the board works</Accordion.Control>
        <Accordion.Panel>
          <Text size="sm" mb="sm">
            Tasks move across the board to show what stage the work is at and who has responsibility for it at that stage. Use the comments
            and attachments on a task to talk with {agencyName}.
          </Text>
          <TableScroll minWidth={760} label="Workflow stages">
            <Table highlightOnHover={false} verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Workflow stage</Table.Th>
                  <Table.Th scope="col">Purpose</Table.Th>
                  <Table.Th scope="col">Ownership</Table.Th>
                  <Table.Th scope="col">Action required from the client</Table.Th>
                  <Table.Th scope="col">Next stage</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {STAGES.map((stage) => (
                  <Table.Tr key={stage}>
                    <Table.Th scope="row" fz="sm">
                      {STAGE_LABELS[stage]}
                    </Table.Th>
                    <Table.Td>{STAGE_PURPOSE[stage]}</Table.Td>
                    <Table.Td>{STAGE_OWNER[stage] === "client" ? "Client" : agencyName}</Table.Td>
                    <Table.Td>{STAGE_CLIENT_ACTION[stage]}</Table.Td>
                    <Table.Td>{NEXT_STAGE[stage]}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}

type List = ReturnType<typeof useListParams<"q">>;

/**
 * The filters above the board, kept in the address bar: words or a task's number, request type,
 * due date — and for the agency, client and who handles the task. Combined: a card shows when
 * it matches all of them.
 */
function BoardFilters({
  list,
  staff,
  accountId,
  requestTypes,
}: {
  list: List;
  staff: boolean;
  accountId: string | undefined;
  requestTypes: { id: string; name: string }[];
}) {
  const references = useReferences();
  const assignees = useAssignees(accountId, { enabled: staff });
  const people = assignees.data?.data ?? [];
  const chosenAssignee = list.get("assignee");
  const active = Boolean(list.text.trim()) || BOARD_FILTER_KEYS.some((key) => list.get(key)) || Boolean(accountId);
  const select = (key: string) => (event: React.ChangeEvent<HTMLSelectElement>) => list.set({ [key]: event.currentTarget.value || null });
  return (
    <Paper p="sm" component="form" role="search" aria-label="Filter the board" onSubmit={(event) => event.preventDefault()}>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          label="Search"
          placeholder={`Summary or ${references.task(318)}`}
          type="search"
          leftSection={<IconSearch size={16} aria-hidden="true" />}
          value={list.text}
          onChange={(event) => list.setText(event.currentTarget.value)}
          w={{ base: "100%", xs: 260 }}
        />
        <NativeSelect
          label="Request type"
          value={list.get("requestType")}
          onChange={select("requestType")}
          data={[{ value: "", label: "All request types" }, ...requestTypes.map((type) => ({ value: type.id, label: type.name }))]}
          w={{ base: "100%", xs: 200 }}
        />
        <NativeSelect
          label="Due"
          value={list.get("due")}
          onChange={select("due")}
          data={[{ value: "", label: "Any time" }, ...BOARD_DUE_FILTERS.map((due) => ({ value: due, label: DUE_FILTER_LABELS[due] }))]}
          w={{ base: "100%", xs: 180 }}
        />
        {staff ? (
          <>
            <NativeSelect
              label="Handled by"
              value={chosenAssignee}
              onChange={select("assignee")}
              data={[
                { value: "", label: "Anyone" },
                { value: "me", label: "Me" },
                { value: "none", label: "Nobody yet" },
                ...people.map((person) => ({ value: person.id, label: person.name })),
                // A person in the address bar who has no cards now still reads as a choice.
                ...(chosenAssignee && !["me", "none"].includes(chosenAssignee) && !people.some((p) => p.id === chosenAssignee)
                  ? [{ value: chosenAssignee, label: assignees.isPending ? "Loading…" : "Someone without cards" }]
                  : []),
              ]}
              w={{ base: "100%", xs: 200 }}
            />
            <ClientSelect
              clearable
              label="Client"
              value={accountId ?? ""}
              onChange={(value) => list.set({ client: value || null })}
              w={{ base: "100%", xs: 240 }}
            />
          </>
        ) : null}
        {active ? (
          <Button variant="subtle" leftSection={<IconFilterOff size={16} aria-hidden="true" />} onClick={() => clearBoardFilters(list)}>
            Clear filters
          </Button>
        ) : null}
      </Group>
      {staff ? (
        <Text size="xs" c="dimmed" mt={6}>
          {accountId ? "One client's board." : "All the clients you work, on one board."}
        </Text>
      ) : null}
    </Paper>
  );
}

function clearBoardFilters(list: List) {
  list.setText("");
  list.set({ client: null, ...Object.fromEntries(BOARD_FILTER_KEYS.map((key) => [key, null])) });
}

/**
 * Website Work Requests (seed 003, section 3): the board. A client sees their account's board;
 * staff see the combined board of the accounts they work, or one client's with the filter.
 */
export function BoardPage() {
  const me = useMe();
  const staff = isStaff(me);
  const { data: session } = useSession();
  const agencyName = session?.agencyName ?? "the agency";
  const list = useListParams("q");
  const accountId = staff ? list.get("client") || undefined : undefined;
  const filters = boardQueryOf((key) => list.get(key), staff);
  const board = useBoard(accountId, filters);
  const noMatch = isFiltered(filters) && board.data?.data.columns.every((column) => column.total === 0) === true;
  const newHref = accountId ? `/work-requests/new?client=${encodeURIComponent(accountId)}` : "/work-requests/new";

  const header = (
    <PageHeader
      title="Website Work Requests"
      description={
        staff
          ? "Work requests from your clients as tasks on the board. Move a card when its stage changes: the client sees it at once."
          : `Submit and manage website work as tasks. Start from the Template Task in REQUESTED WORK, then follow your task across the board until you approve it.`
      }
      actions={
        <>
          <Button variant="default" component={Link} to="/work-requests/archive" leftSection={<IconArchive size={16} aria-hidden="true" />}>
            Archive
          </Button>
          <Button component={Link} to={newHref} leftSection={<IconPlus size={16} aria-hidden="true" />}>
            New request
          </Button>
        </>
      }
    />
  );

  if (!staff && !me.accountId) {
    return (
      <>
        {header}
        <EmptyState title="Your login is not linked to a client account yet">
          Work requests belong to your company&apos;s account. The agency will link your login; until then, contact them directly.
        </EmptyState>
      </>
    );
  }

  return (
    <>
      {header}
      <Stack gap="md">
        <BoardFilters list={list} staff={staff} accountId={accountId} requestTypes={board.data?.data.requestTypes ?? []} />
        {board.isPending ? (
          <Group gap="xs" wrap="nowrap" aria-busy="true" aria-label="Loading the board" style={{ overflow: "hidden" }}>
            {STAGES.map((stage) => (
              <Skeleton key={stage} h={320} radius="md" style={{ flex: "1 0 172px" }} />
            ))}
          </Group>
        ) : board.isError ? (
          <QueryError error={board.error} onRetry={() => void board.refetch()} />
        ) : noMatch ? (
          <EmptyState
            title="No card matches these filters"
            icon={<IconFilterOff size={26} />}
            action={
              <Button variant="default" onClick={() => clearBoardFilters(list)}>
                Clear filters
              </Button>
            }
          >
            Try other words or another filter, or clear the filters to see the whole board.
          </EmptyState>
        ) : (
          <BoardColumns data={board.data.data} role={me.role} showAccount={staff && !accountId} />
        )}
        <HowTheBoardWorks agencyName={staff ? "Agency" : agencyName} />
      </Stack>
    </>
  );
}
