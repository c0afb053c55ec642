import { Anchor, Grid, Group, Paper, SimpleGrid, Skeleton, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconArrowRight, IconBuilding, IconHourglass, IconUsers } from "@tabler/icons-react";
import type { ComponentType, ReactNode } from "react";
import { Link } from "react-router";
import type { TDashboard, TMe } from "../../../common/schemas";
import { useMe } from "../../api/session";
import { ActivityList } from "../../components/ActivityList";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, QueryError } from "../../components/States";
import { JourneyPanel } from "../journey/JourneyPanel";
import { DashboardNotices } from "../notices/DashboardNotices";
import { RecentTickets } from "../tickets/RecentTickets";
import { useDashboard } from "./api";
import { ClientAccountCard, ClientShortcuts } from "./ClientPanels";
import { NextActions } from "./NextActions";

type DashboardData = TDashboard["data"];

function greeting(name: string, now: Date = new Date()): string {
  const hour = now.getHours();
  const part = hour < 12 ? "Good morning" : hour < 18 ? "Good afternoon" : "Good evening";
  const first = name.trim().split(/\s+/)[0] || name;
  return `${part}, ${first}.`;
}

export function RecentActivity({ events }: { events: DashboardData["recentActivity"] }) {
  return (
    <Paper p="lg">
      <Title order={2} fz="md" mb="xs">
        Recent activity
      </Title>
      {events.length === 0 ? (
        <Text size="sm" c="dimmed">
          No activity yet. Replies, moves, quotes and approvals on tickets and work requests will be listed here.
        </Text>
      ) : (
        <ActivityList events={events} />
      )}
    </Paper>
  );
}

interface StatCardProps {
  label: string;
  value: number;
  icon: ComponentType<{ size?: number }>;
  link?: { to: string; label: string };
  hint?: ReactNode;
}

function StatCard({ label, value, icon: Icon, link, hint }: StatCardProps) {
  return (
    <Paper p="lg">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4}>
          <Text size="sm" c="dimmed" fw={500}>
            {label}
          </Text>
          <Text fz={30} fw={700} lh={1.1}>
            {value}
          </Text>
        </Stack>
        <ThemeIcon variant="light" size={40} radius="md" aria-hidden="true">
          <Icon size={22} />
        </ThemeIcon>
      </Group>
      {link ? (
        <Anchor component={Link} to={link.to} size="sm" mt="sm" display="inline-flex" style={{ alignItems: "center", gap: 4 }}>
          {link.label} <IconArrowRight size={14} aria-hidden="true" />
        </Anchor>
      ) : hint ? (
        <Text size="sm" c="dimmed" mt="sm">
          {hint}
        </Text>
      ) : null}
    </Paper>
  );
}

function StaffDashboard({ data, user }: { data: DashboardData; user: TMe }) {
  const admin = user.role === "admin";
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="lg">
        <StatCard
          label={admin ? "Client accounts" : "Your client accounts"}
          value={data.stats.accounts}
          icon={IconBuilding}
          link={{ to: "/clients", label: "View clients" }}
        />
        <StatCard label="Client contacts" value={data.stats.contacts} icon={IconUsers} hint="People who log in for your clients." />
        <StatCard
          label="Awaiting approval"
          value={data.stats.awaitingApproval}
          icon={IconHourglass}
          link={admin ? { to: "/admin/users?state=awaiting_approval", label: "Review registrations" } : undefined}
          hint="New registrations waiting for an administrator."
        />
      </SimpleGrid>
      <NextActions staff />
      <RecentTickets staff />
      <RecentActivity events={data.recentActivity} />
    </Stack>
  );
}

function ClientDashboard({ data }: { data: DashboardData }) {
  return (
    <Grid gutter="lg">
      {/* First in reading order (company and agent matter most on a phone), right-hand column from md. */}
      <Grid.Col span={{ base: 12, md: 4 }} order={{ base: 1, md: 2 }}>
        {data.account ? (
          <ClientAccountCard account={data.account} />
        ) : (
          <EmptyState title="No client account yet" order={2}>
            Your login is not linked to a client account yet. The agency will link it; until then, some features stay empty.
          </EmptyState>
        )}
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 8 }} order={{ base: 2, md: 1 }}>
        <Stack gap="lg">
          {data.account ? <NextActions staff={false} /> : null}
          {data.account ? <DashboardNotices /> : null}
          <JourneyPanel />
          <ClientShortcuts />
          {data.account ? <RecentTickets staff={false} /> : null}
          <RecentActivity events={data.recentActivity} />
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

export function DashboardPage() {
  const user = useMe();
  const dashboard = useDashboard();
  const staff = user.role !== "client";

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={`${greeting(user.name)} ${
          staff
            ? "Here is an overview of your clients and the latest activity."
            : "This is the single place for your account, updates, support and next actions."
        }`}
      />
      {dashboard.isPending ? (
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="lg" aria-busy="true" aria-label="Loading dashboard">
          <Skeleton h={120} radius="md" />
          <Skeleton h={120} radius="md" />
          <Skeleton h={120} radius="md" />
        </SimpleGrid>
      ) : dashboard.isError ? (
        <QueryError error={dashboard.error} onRetry={() => void dashboard.refetch()} />
      ) : staff ? (
        <StaffDashboard data={dashboard.data.data} user={user} />
      ) : (
        <ClientDashboard data={dashboard.data.data} />
      )}
    </>
  );
}
