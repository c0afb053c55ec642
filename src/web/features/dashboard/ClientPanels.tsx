/** The client's dashboard panels: the seed journey, shortcuts and their account card. */
import { Anchor, Avatar, Badge, Divider, Group, Paper, SimpleGrid, Stack, Text, ThemeIcon, Timeline, Title } from "@mantine/core";
import { IconCheck, IconChevronRight, IconClipboardList, IconHeadset, IconLayoutKanban, IconSparkles } from "@tabler/icons-react";
import type { ComponentType } from "react";
import { Link } from "react-router";
import type { TAccount } from "../../../common/schemas";
import { initials } from "../../lib/format";

export function ClientJourney() {
  return (
    <Paper p="lg">
      <Title order={2} fz="md">
        Your journey
      </Title>
      <Text size="sm" c="dimmed" mb="lg">
        What to do next at every stage of the service.
      </Text>
      <Timeline active={0} bulletSize={28} lineWidth={2}>
        <Timeline.Item
          bullet={<IconCheck size={16} aria-hidden="true" />}
          title={
            <Group gap="xs">
              <Text fw={600} size="sm">
                Step 1 · Create your account
              </Text>
              <Badge color="green">Done</Badge>
            </Group>
          }
        >
          <Text size="sm" c="dimmed">
            You registered with your email and contact details, and your account is active.
          </Text>
        </Timeline.Item>
        <Timeline.Item
          bullet={<IconClipboardList size={16} aria-hidden="true" />}
          title={
            <Group gap="xs">
              <Text fw={600} size="sm">
                Step 2 · Complete onboarding
              </Text>
              <Badge color="indigo">Next</Badge>
            </Group>
          }
        >
          <Text size="sm" c="dimmed">
            Fill in the onboarding form with accurate information, work preferences and any files or instructions your team needs before
            work begins. Your agency will share the form here.
          </Text>
        </Timeline.Item>
        <Timeline.Item
          bullet={<IconSparkles size={16} aria-hidden="true" />}
          title={
            <Text fw={600} size="sm">
              Step 3+ · Stay active in your dashboard
            </Text>
          }
        >
          <Text size="sm" c="dimmed">
            Your assigned agent shares work updates, notes and drafts here. Review them regularly and reply quickly to requests and
            approvals so your work keeps moving.
          </Text>
        </Timeline.Item>
      </Timeline>
    </Paper>
  );
}

interface ShortcutProps {
  to: string;
  label: string;
  text: string;
  icon: ComponentType<{ size?: number }>;
}

function Shortcut({ to, label, text, icon: Icon }: ShortcutProps) {
  return (
    <Paper component={Link} to={to} p="lg" style={{ textDecoration: "none", color: "inherit" }}>
      <Group wrap="nowrap" align="flex-start">
        <ThemeIcon variant="light" size={40} radius="md" aria-hidden="true">
          <Icon size={22} />
        </ThemeIcon>
        <Stack gap={2} style={{ flex: 1 }}>
          <Text fw={600}>{label}</Text>
          <Text size="sm" c="dimmed">
            {text}
          </Text>
        </Stack>
        <IconChevronRight size={18} aria-hidden="true" />
      </Group>
    </Paper>
  );
}

export function ClientShortcuts() {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
      <Shortcut to="/tickets" label="Support Tickets" text="Raise and track support requests with the team." icon={IconHeadset} />
      <Shortcut
        to="/work-requests"
        label="Website Work Requests"
        text="Request website work and follow it on the board."
        icon={IconLayoutKanban}
      />
    </SimpleGrid>
  );
}

export function ClientAccountCard({ account }: { account: TAccount }) {
  return (
    <Paper p="lg">
      <Text size="xs" fw={700} tt="uppercase" c="dimmed">
        Your company
      </Text>
      <Title order={2} fz="lg" mt={4}>
        {account.name}
      </Title>
      {account.website || account.phone ? (
        <Stack gap={2} mt="xs">
          {account.website ? (
            <Text size="sm" c="dimmed">
              {account.website}
            </Text>
          ) : null}
          {account.phone ? (
            <Text size="sm" c="dimmed">
              {account.phone}
            </Text>
          ) : null}
        </Stack>
      ) : null}
      <Divider my="md" />
      <Text size="sm" fw={600} mb="xs">
        {account.agents.length > 1 ? "Your assigned agents" : "Your assigned agent"}
      </Text>
      {account.agents.length === 0 ? (
        <Text size="sm" c="dimmed">
          The agency has not assigned an agent yet. You will see their name and email here.
        </Text>
      ) : (
        <Stack gap="sm">
          {account.agents.map((agent) => (
            <Group key={agent.id} wrap="nowrap" gap="sm">
              <Avatar radius="xl" color="indigo" aria-hidden="true">
                {initials(agent.name)}
              </Avatar>
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text size="sm" fw={500} truncate>
                  {agent.name}
                </Text>
                <Anchor href={`mailto:${agent.email}`} size="sm" truncate>
                  {agent.email}
                </Anchor>
              </Stack>
            </Group>
          ))}
        </Stack>
      )}
      <Divider my="md" />
      <Anchor component={Link} to={`/clients/${account.id}`} size="sm">
        View company details and contacts
      </Anchor>
    </Paper>
  );
}
