import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { IconArrowLeft, IconDownload, IconPackage } from "@tabler/icons-react";
import { Link, useParams } from "react-router";
import type { TDeliverable, TDeliverableVersion } from "../../../common/updates";
import { isStaff, useMe } from "../../api/session";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, QueryError, TableSkeleton } from "../../components/States";
import { TableScroll } from "../../components/TableScroll";
import { formatDate, formatSize } from "../../lib/format";
import { useDeliverables } from "./api";

function Source({ version }: { version: TDeliverableVersion }) {
  return (
    <Text size="sm">
      <Anchor component={Link} to={`/updates/${version.update.id}`} size="sm">
        {version.update.title}
      </Anchor>
      {version.link ? (
        <>
          {" · "}
          <Anchor
            component={Link}
            to={version.link.type === "ticket" ? `/tickets/${version.link.id}` : `/work-requests/${version.link.id}`}
            size="sm"
          >
            {version.link.type === "ticket" ? "Ticket" : "Work request"} #{version.link.number}
          </Anchor>
        </>
      ) : null}
    </Text>
  );
}

/** One deliverable: its name, the latest file to download in one click, and every earlier version. */
function DeliverableCard({ deliverable }: { deliverable: TDeliverable }) {
  const latest = deliverable.versions[0];
  return (
    <Paper component="li" p="md" withBorder style={{ listStyle: "none" }}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs">
            <Title order={2} fz="md" style={{ overflowWrap: "anywhere" }}>
              {deliverable.name}
            </Title>
            <Badge variant="light">Version {deliverable.latestVersion}</Badge>
          </Group>
          {latest ? (
            <Button component="a" href={latest.file.url} download leftSection={<IconDownload size={16} aria-hidden="true" />} size="sm">
              Download
            </Button>
          ) : null}
        </Group>
        <TableScroll minWidth={520} label={`Versions of ${deliverable.name}`}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Version</Table.Th>
                <Table.Th>File</Table.Th>
                <Table.Th>Delivered</Table.Th>
                <Table.Th>From</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {deliverable.versions.map((version) => (
                <Table.Tr key={version.version}>
                  <Table.Td>{version.version}</Table.Td>
                  <Table.Td>
                    <Anchor href={version.file.url} download size="sm" style={{ overflowWrap: "anywhere" }}>
                      {version.file.name}
                    </Anchor>{" "}
                    <Text span size="xs" c="dimmed">
                      ({formatSize(version.file.size)})
                    </Text>
                  </Table.Td>
                  <Table.Td>{formatDate(version.createdAt)}</Table.Td>
                  <Table.Td>
                    <Source version={version} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Stack>
    </Paper>
  );
}

/** "Final deliverables": every file the agency delivered, with its versions, dates and where it came from; one zip of the latest. */
export function DeliverablesPage() {
  const { id } = useParams();
  const staff = isStaff(useMe());
  // Staff see one client's deliverables at /clients/:id/deliverables; at /deliverables they choose a client first.
  const list = useDeliverables(staff ? id : undefined, { enabled: !staff || Boolean(id) });
  const account = list.data?.account;
  return (
    <Stack gap="lg">
      <PageHeader
        title={staff && account ? `Deliverables for ${account.name}` : "Deliverables"}
        description="Your final deliverables: every version, the date it was delivered and the update it came with."
        above={
          staff && id ? (
            <Anchor component={Link} to={`/clients/${id}/updates`} size="sm" display="inline-flex" style={{ alignItems: "center", gap: 4 }}>
              <IconArrowLeft size={14} aria-hidden="true" /> Updates{account ? ` for ${account.name}` : ""}
            </Anchor>
          ) : undefined
        }
        actions={
          list.data?.data.length ? (
            <Button component="a" href={list.data.zipUrl} download leftSection={<IconDownload size={16} aria-hidden="true" />}>
              Download all (zip)
            </Button>
          ) : undefined
        }
      />
      {staff && !id ? (
        <EmptyState
          title="Choose a client"
          icon={<IconPackage size={28} aria-hidden="true" />}
          action={
            <Button component={Link} to="/clients">
              Clients
            </Button>
          }
        >
          Deliverables belong to a client: open a client's updates to see theirs.
        </EmptyState>
      ) : null}
      {list.isLoading ? <TableSkeleton rows={3} /> : null}
      {list.isError && !(staff && !id) ? <QueryError error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && list.data.data.length === 0 ? (
        <EmptyState title="No deliverables yet" icon={<IconPackage size={28} aria-hidden="true" />}>
          Finished files your agent marks as final deliverables appear here.
        </EmptyState>
      ) : null}
      {list.data?.data.length ? (
        <Stack component="ul" gap="md" p={0} m={0}>
          {list.data.data.map((deliverable) => (
            <DeliverableCard key={deliverable.id} deliverable={deliverable} />
          ))}
        </Stack>
      ) : null}
    </Stack>
  );
}
