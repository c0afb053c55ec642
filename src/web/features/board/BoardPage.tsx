import { Accordion, Button, Group, Skeleton, Stack, Table, Text } from "@mantine/core";
import { IconArchive, IconPlus } from "@tabler/icons-react";
import { Link, useSearchParams } from "react-router";
import { STAGE_CLIENT_ACTION, STAGE_LABELS, STAGE_OWNER, STAGE_PURPOSE, STAGES } from "../../../common/board";
import { isStaff, useMe, useSession } from "../../api/session";
import { ClientSelect } from "../../components/ClientSelect";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, QueryError } from "../../components/States";
import { TableScroll } from "../../components/TableScroll";
import { useBoard } from "./api";
import { BoardColumns } from "./BoardColumns";

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

/**
 * Website Work Requests (seed 003, section 3): the board. A client sees their account's board;
 * staff see the combined board of the accounts they work, or one client's with the filter.
 */
export function BoardPage() {
  const me = useMe();
  const staff = isStaff(me);
  const { data: session } = useSession();
  const agencyName = session?.agencyName ?? "the agency";
  const [params, setParams] = useSearchParams();
  const accountId = staff ? params.get("client") || undefined : undefined;
  const board = useBoard(accountId);
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
        {staff ? (
          <Group align="flex-end" gap="md">
            <ClientSelect
              clearable
              label="Client"
              value={accountId ?? ""}
              onChange={(value) =>
                setParams(
                  (prev) => {
                    const next = new URLSearchParams(prev);
                    if (value) next.set("client", value);
                    else next.delete("client");
                    return next;
                  },
                  { replace: true },
                )
              }
              w={{ base: "100%", xs: 320 }}
            />
            <Text size="sm" c="dimmed" pb={8}>
              {accountId ? "One client's board." : "All the clients you work, on one board."}
            </Text>
          </Group>
        ) : null}
        {board.isPending ? (
          <Group gap="sm" wrap="nowrap" aria-busy="true" aria-label="Loading the board" style={{ overflow: "hidden" }}>
            {STAGES.map((stage) => (
              <Skeleton key={stage} h={320} w={272} radius="md" style={{ flex: "none" }} />
            ))}
          </Group>
        ) : board.isError ? (
          <QueryError error={board.error} onRetry={() => void board.refetch()} />
        ) : (
          <BoardColumns data={board.data.data} role={me.role} showAccount={staff && !accountId} />
        )}
        <HowTheBoardWorks agencyName={staff ? "Agency" : agencyName} />
      </Stack>
    </>
  );
}
