/**
 * Website Work Requests: the page exists so the navigation matches the client guide, but the
 * feature itself arrives in a later release. It says so plainly and shows no data or buttons
 * that would not work.
 */
import { Badge, Grid, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { IconLayoutKanban } from "@tabler/icons-react";
import { isStaff, useMe } from "../api/session";
import { PageHeader } from "../components/PageHeader";
import { EmptyState } from "../components/States";
import { TableScroll } from "../components/TableScroll";

const comingSoon = <Badge color="gray">Coming in the next release</Badge>;

const STAGES: Array<{ stage: string; purpose: string; owner: string }> = [
  { stage: "REQUESTED WORK", purpose: "You request work in the form of a task.", owner: "Client, until assessed" },
  { stage: "IN PROGRESS", purpose: "The team has started the requested work.", owner: "Agency" },
  { stage: "ON HOLD / WAITING", purpose: "Someone is waiting for something before work continues.", owner: "Agency" },
  { stage: "CLIENT APPROVAL", purpose: "The work is ready for you to review and approve.", owner: "Client" },
  { stage: "COMPLETED", purpose: "The work is done and live; the task is closed.", owner: "Agency" },
];

const REQUEST_TYPES = [
  "Content Updates",
  "New Content Additions",
  "Design Changes",
  "New Design – Enhancement Features",
  "New Services",
  "Logo/Brand Redesign",
  "Ad Word Campaigns",
  "Email Campaigns",
];

export function WorkRequestsPage() {
  const staff = isStaff(useMe());
  return (
    <>
      <PageHeader
        title="Website Work Requests"
        description="Submit and manage work on your website as tasks on a workflow board, from request to approval."
        actions={comingSoon}
      />
      <Stack gap="lg">
        <EmptyState title="No work requests yet" icon={<IconLayoutKanban size={26} />}>
          {staff
            ? "Work requests from your clients will appear here on a board, moving through the stages below. The board arrives in the next release of the portal."
            : "Your work requests will appear here on a board, moving through the stages below. Creating tasks in the portal arrives in the next release; until then, send requests to your assigned agent."}
        </EmptyState>
        <Grid gutter="lg">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Paper p="lg" h="100%">
              <Title order={2} fz="md" mb="sm">
                How the board works
              </Title>
              <TableScroll minWidth={520} label="Workflow stages">
                <Table highlightOnHover={false}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Workflow stage</Table.Th>
                      <Table.Th scope="col">Purpose</Table.Th>
                      <Table.Th scope="col">Ownership</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {STAGES.map((row) => (
                      <Table.Tr key={row.stage}>
                        <Table.Td>
                          <Text size="sm" fw={600}>
                            {row.stage}
                          </Text>
                        </Table.Td>
                        <Table.Td>{row.purpose}</Table.Td>
                        <Table.Td>{row.owner}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </TableScroll>
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Paper p="lg" h="100%">
              <Title order={2} fz="md" mb="sm">
                Work request types
              </Title>
              <Group gap={6}>
                {REQUEST_TYPES.map((type) => (
                  <Badge key={type} color="indigo" tt="none">
                    {type}
                  </Badge>
                ))}
              </Group>
            </Paper>
          </Grid.Col>
        </Grid>
      </Stack>
    </>
  );
}
