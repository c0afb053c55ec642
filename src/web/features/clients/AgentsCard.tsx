import { ActionIcon, Anchor, Avatar, Button, Group, NativeSelect, Paper, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconX } from "@tabler/icons-react";
import { useState } from "react";
import type { TAccount } from "../../../common/schemas";
import { errorMessage } from "../../api/client";
import { initials } from "../../lib/format";
import { useUsers } from "../users/api";
import { useAgentAssignment } from "./api";

/** Picks an active agent or admin who is not yet assigned, and assigns them. */
function AssignAgent({ account }: { account: TAccount }) {
  const [selected, setSelected] = useState("");
  const agents = useUsers({ role: "agent", state: "active" });
  const admins = useUsers({ role: "admin", state: "active" });
  const assignment = useAgentAssignment(account.id);
  const assigned = new Set(account.agents.map((a) => a.id));
  const options = [...(agents.data?.data ?? []), ...(admins.data?.data ?? [])]
    .filter((user) => !assigned.has(user.id))
    .map((user) => ({ value: user.id, label: `${user.name} (${user.role === "admin" ? "Admin" : "Agent"})` }));

  const assign = () => {
    if (!selected) return;
    const label = options.find((o) => o.value === selected)?.label ?? "Agent";
    assignment.mutate(
      { userId: selected, assign: true },
      {
        onSuccess: () => {
          setSelected("");
          notifications.show({ color: "green", title: "Agent assigned", message: label });
        },
        onError: (error) => notifications.show({ color: "red", title: "Could not assign", message: errorMessage(error) }),
      },
    );
  };

  return (
    <Group align="flex-end" gap="sm" wrap="nowrap">
      <NativeSelect
        label="Assign an agent"
        data={[
          { value: "", label: agents.isPending ? "Loading…" : options.length ? "Choose an agent" : "No other active agents" },
          ...options,
        ]}
        value={selected}
        onChange={(event) => setSelected(event.currentTarget.value)}
        style={{ flex: 1, minWidth: 0 }}
      />
      <Button onClick={assign} disabled={!selected} loading={assignment.isPending}>
        Assign
      </Button>
    </Group>
  );
}

export function AgentsCard({ account, canAssign }: { account: TAccount; canAssign: boolean }) {
  const assignment = useAgentAssignment(account.id);
  const remove = (userId: string, name: string) =>
    assignment.mutate(
      { userId, assign: false },
      {
        onSuccess: () => notifications.show({ color: "green", title: "Agent removed", message: name }),
        onError: (error) => notifications.show({ color: "red", title: "Could not remove", message: errorMessage(error) }),
      },
    );

  return (
    <Paper p="lg">
      <Title order={2} fz="md">
        Assigned agents
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Agents see and work this client&apos;s requests.
      </Text>
      <Stack gap="sm">
        {account.agents.length === 0 ? (
          <Text size="sm" c="dimmed">
            No agent is assigned yet.
          </Text>
        ) : (
          account.agents.map((agent) => (
            <Group key={agent.id} wrap="nowrap" gap="sm">
              <Avatar radius="xl" color="indigo" aria-hidden="true">
                {initials(agent.name)}
              </Avatar>
              <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
                <Text size="sm" fw={500} truncate>
                  {agent.name}
                </Text>
                <Anchor href={`mailto:${agent.email}`} size="sm" truncate>
                  {agent.email}
                </Anchor>
              </Stack>
              {canAssign ? (
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={`Remove ${agent.name}`}
                  onClick={() => remove(agent.id, agent.name)}
                  loading={assignment.isPending && assignment.variables?.userId === agent.id}
                >
                  <IconX size={16} aria-hidden="true" />
                </ActionIcon>
              ) : null}
            </Group>
          ))
        )}
        {canAssign ? <AssignAgent account={account} /> : null}
      </Stack>
    </Paper>
  );
}
