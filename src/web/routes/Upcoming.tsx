/**
 * Support Tickets and Website Work Requests: their pages exist so the navigation matches the
 * client guide, but the features themselves arrive in the next release. They say so plainly
 * and show no data or buttons that would not work.
 */
import { Badge, Grid, Group, List, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { IconHeadset, IconLayoutKanban } from "@tabler/icons-react";
import { isStaff, useMe } from "../api/session";
import { PageHeader } from "../components/PageHeader";
import { EmptyState } from "../components/States";
import { TableScroll } from "../components/TableScroll";

const comingSoon = <Badge color="gray">Coming in the next release</Badge>;

export function TicketsPage() {
  const staff = isStaff(useMe());
  return (
    <>
      <PageHeader
        title="Support Tickets"
        description="Raise and track support requests with the team. Ticket statuses: New, Active, Closed."
        actions={comingSoon}
      />
      <Stack gap="lg">
        <EmptyState title="No support tickets yet" icon={<IconHeadset size={26} />}>
          {staff
            ? "Tickets raised by your clients will appear here, with their status (New, Active or Closed) and every reply. Ticket handling arrives in the next release of the portal."
            : "Your support tickets will appear here, with their status (New, Active or Closed) and every reply from the team. Raising tickets in the portal arrives in the next release; until then, contact your assigned agent."}
        </EmptyState>
        <Paper p="lg">
          <Title order={2} fz="md" mb="sm">
            How support tickets will work
          </Title>
          <List size="sm" spacing={6}>
            <List.Item>Click “New Ticket”, describe the issue, choose a category and priority, attach screenshots.</List.Item>
            <List.Item>Follow the status of each ticket: New, Active or Closed.</List.Item>
            <List.Item>Reply in the portal or by email; every response shows in Support Tickets.</List.Item>
            <List.Item>Reopen a closed ticket if the issue is not resolved.</List.Item>
            <List.Item>Get an email each time a ticket is moved or answered.</List.Item>
          </List>
        </Paper>
      </Stack>
    </>
  );
}

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
