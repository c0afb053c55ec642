import { ActionIcon, Anchor, Avatar, Button, Group, NativeSelect, Paper, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconX } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import type { TAccount, TUser } from "../../../common/schemas";
import { errorMessage } from "../../api/client";
import { StateBadge } from "../../components/StateBadge";
import { initials } from "../../lib/initials";
import { useUsers } from "../users/api";
import { isAssignable, nameWithState } from "../users/words";
import { useAgentAssignment } from "./api";

/** The picker's options for one role: who may still be assigned, by name, their state after it. */
function assignableOptions(users: TUser[] | undefined, assigned: Set<string>) {
  return (users ?? [])
    .filter((user) => isAssignable(user) && !assigned.has(user.id))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((user) => ({ value: user.id, label: nameWithState(user) }));
}

/**
 * Picks an agent or admin who is not yet assigned and assigns them. Someone still invited can be
 * chosen: they work the account from the moment they accept. Suspended people are left out.
 */
function AssignAgent({ account }: { account: TAccount }) {
  const [selected, setSelected] = useState("");
  const agents = useUsers({ role: "agent" });
  const admins = useUsers({ role: "admin" });
  const assignment = useAgentAssignment(account.id);
  const assigned = new Set(account.agents.map((a) => a.id));
  const groups = [
    { group: "Agents", items: assignableOptions(agents.data?.data, assigned) },
    { group: "Admins", items: assignableOptions(admins.data?.data, assigned) },
  ].filter((g) => g.items.length > 0);
  const loading = agents.isPending || admins.isPending;
  const failed = agents.error ?? admins.error;

  if (failed) {
    return (
      <Text size="sm" c="red.8" role="alert">
        Could not load your team: {errorMessage(failed)}
      </Text>
    );
  }
  if (!loading && groups.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Everyone who can be assigned already is. Invite an agent under{" "}
        <Anchor component={Link} to="/admin/users" size="sm">
          Users
        </Anchor>
        ; a suspended person must be reactivated there first.
      </Text>
    );
  }

  const assign = () => {
    if (!selected) return;
    const label = groups.flatMap((g) => g.items).find((o) => o.value === selected)?.label ?? "Agent";
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

  // The select never gets narrower than its placeholder needs: in a narrow column the button wraps below instead.
  return (
    <Group align="flex-end" gap="sm">
      <NativeSelect
        label="Assign an agent"
        data={[{ value: "", label: loading ? "Loading…" : "Choose an agent" }, ...groups]}
        value={selected}
        onChange={(event) => setSelected(event.currentTarget.value)}
        style={{ flex: "1 1 10rem", minWidth: 0 }}
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
                <Group gap={6} wrap="nowrap">
                  <Text size="sm" fw={500} truncate style={{ minWidth: 0 }}>
                    {agent.name}
                  </Text>
                  {agent.state === "active" ? null : <StateBadge state={agent.state} />}
                </Group>
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
