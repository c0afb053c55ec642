import { Anchor, Box, Button, Group, Paper, Select, Stack, Table, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconClipboardCheck, IconShare } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import { SUBMISSION_STATUSES, type TSubmissionStatus, type TSubmissionSummary } from "../../../common/onboarding";
import { ClientSelect } from "../../components/ClientSelect";
import { When } from "../../components/Conversation";
import { PageHeader } from "../../components/PageHeader";
import { Pager } from "../../components/Pager";
import { EmptyState, QueryError, TableSkeleton } from "../../components/States";
import { TableScroll } from "../../components/TableScroll";
import { useListParams } from "../../lib/useListParams";
import { useSubmissions } from "./api";
import { ShareFormModal } from "./ShareFormModal";
import { SubmissionStatusBadge } from "./SubmissionView";
import { STATUS_SHORT } from "./words";

const isStatus = (value: string): value is TSubmissionStatus => (SUBMISSION_STATUSES as readonly string[]).includes(value);

function Submitted({ iso }: { iso: string | null }) {
  if (!iso)
    return (
      <Text span size="sm" c="dimmed">
        Not yet
      </Text>
    );
  return <When iso={iso} />;
}

function QueueTable({ rows }: { rows: TSubmissionSummary[] }) {
  return (
    <TableScroll minWidth={820} label="Onboarding submissions">
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Client</Table.Th>
            <Table.Th scope="col">Form</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Round</Table.Th>
            <Table.Th scope="col">Submitted</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>
                <Anchor component={Link} to={`/onboarding/submissions/${s.id}`} fw={600} size="sm">
                  {s.accountName}
                </Anchor>
              </Table.Td>
              <Table.Td>
                {s.formName}{" "}
                <Text span size="xs" c="dimmed">
                  v{s.formVersion}
                </Text>
              </Table.Td>
              <Table.Td>
                <SubmissionStatusBadge status={s.status} />
              </Table.Td>
              <Table.Td>{s.rounds || "—"}</Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                <Submitted iso={s.submittedAt} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}

function QueueCards({ rows }: { rows: TSubmissionSummary[] }) {
  return (
    <Stack component="ul" gap="sm" m={0} p="md" pt={0} style={{ listStyle: "none" }} aria-label="Onboarding submissions">
      {rows.map((s) => (
        <Paper component="li" key={s.id} p="sm">
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Anchor component={Link} to={`/onboarding/submissions/${s.id}`} fw={600} size="sm" style={{ overflowWrap: "anywhere" }}>
              {s.accountName}
            </Anchor>
            <SubmissionStatusBadge status={s.status} />
          </Group>
          <Text size="xs" c="dimmed" mt={4}>
            {s.formName} v{s.formVersion}
            {s.rounds ? ` · round ${s.rounds}` : ""} · submitted <Submitted iso={s.submittedAt} />
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}

/** /onboarding/review — what clients have submitted (and everything else, by status), and sharing a form. */
export function ReviewQueuePage() {
  const { get, set, page, setPage } = useListParams("status");
  const [sharing, setSharing] = useState(false);
  const raw = get("status") || "submitted";
  const status = isStatus(raw) ? raw : undefined;
  const account = get("account");
  const list = useSubmissions({ status, account: account || undefined, page });
  const mobile = useMediaQuery("(max-width: 47.99em)", false, { getInitialValueInEffect: false });
  const rows = list.data?.data ?? [];

  return (
    <>
      <PageHeader
        title="Onboarding review"
        description="Onboarding forms your clients have submitted. Open one to approve it, or return it with comments on the fields to fix."
        actions={
          <Button leftSection={<IconShare size={16} aria-hidden="true" />} onClick={() => setSharing(true)}>
            Share a form
          </Button>
        }
      />
      <Paper p={0}>
        <Group p="md" gap="sm" align="flex-end" wrap="wrap">
          <Select
            label="Status"
            data={[{ value: "all", label: "All statuses" }, ...SUBMISSION_STATUSES.map((s) => ({ value: s, label: STATUS_SHORT[s] }))]}
            value={status ?? "all"}
            onChange={(value) => set({ status: value ?? "all" })}
            allowDeselect={false}
            w={{ base: "100%", xs: 200 }}
          />
          <ClientSelect value={account} onChange={(value) => set({ account: value || null })} clearable w={{ base: "100%", xs: 260 }} />
        </Group>
        {list.isPending ? (
          <TableSkeleton />
        ) : list.isError ? (
          <Box p="md">
            <QueryError error={list.error} onRetry={() => void list.refetch()} />
          </Box>
        ) : rows.length === 0 ? (
          <EmptyState
            withBorder={false}
            icon={<IconClipboardCheck size={26} />}
            title={status === "submitted" && !account ? "Nothing waiting for review" : "No matching submissions"}
            action={
              status || account ? (
                <Button variant="default" onClick={() => set({ status: "all", account: null })}>
                  Show every submission
                </Button>
              ) : undefined
            }
          >
            {status === "submitted" && !account
              ? "When a client submits an onboarding form, it appears here for you to review."
              : "No submission matches these filters."}
          </EmptyState>
        ) : (
          <>
            {mobile ? <QueueCards rows={rows} /> : <QueueTable rows={rows} />}
            <Pager page={page} total={list.data?.total ?? 0} pageSize={list.data?.pageSize ?? 25} onChange={setPage} noun="submissions" />
          </>
        )}
      </Paper>
      <ShareFormModal key={sharing ? `open-${account}` : "closed"} opened={sharing} onClose={() => setSharing(false)} accountId={account} />
    </>
  );
}
