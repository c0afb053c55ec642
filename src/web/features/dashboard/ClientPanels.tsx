/** The client's dashboard panels: shortcuts and their account card (the journey is features/journey). */
import { Anchor, Avatar, Divider, Group, Paper, SimpleGrid, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconChevronRight, IconHeadset, IconLayoutKanban } from "@tabler/icons-react";
import type { ComponentType } from "react";
import { Link } from "react-router";
import type { TAccount } from "../../../common/schemas";
import { initials } from "../../lib/initials";

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
