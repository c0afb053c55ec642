import { Anchor, Button, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, VisuallyHidden } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconSearch, IconUserPlus, IconUsers } from "@tabler/icons-react";
import { Link } from "react-router";
import { ROLES, type TRole, type TUserState, USER_STATES } from "../../../common/schemas";
import { useMe } from "../../api/session";
import { PageHeader } from "../../components/PageHeader";
import { Pager } from "../../components/Pager";
import { StateBadge } from "../../components/StateBadge";
import { EmptyState, QueryError, TableSkeleton } from "../../components/States";
import { TableScroll } from "../../components/TableScroll";
import { ROLE_LABELS, STATE_LABELS } from "../../lib/format";
import { useListParams } from "../../lib/useListParams";
import { useUsers } from "./api";
import { InviteUserModal } from "./InviteUserModal";
import { UserActions } from "./UserActions";
import { lastLoginLabel } from "./words";

const ROLE_FILTER = [{ value: "", label: "All roles" }, ...ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))];
const STATE_FILTER = [{ value: "", label: "All states" }, ...USER_STATES.map((s) => ({ value: s, label: STATE_LABELS[s] }))];

function asRole(value: string): TRole | undefined {
  return (ROLES as readonly string[]).includes(value) ? (value as TRole) : undefined;
}
function asState(value: string): TUserState | undefined {
  return (USER_STATES as readonly string[]).includes(value) ? (value as TUserState) : undefined;
}

export function UsersPage() {
  const me = useMe();
  const [inviteOpened, invite] = useDisclosure(false);
  const list = useListParams("q");
  const q = list.get("q");
  const role = asRole(list.get("role"));
  const state = asState(list.get("state"));
  const users = useUsers({ q: q || undefined, role, state, page: list.page });
  const filtered = Boolean(q || role || state);

  return (
    <>
      <PageHeader
        title="Users"
        description="Everyone who can log in: agency staff and client contacts. Approve registrations, invite people and manage access."
        actions={
          <Button leftSection={<IconUserPlus size={16} aria-hidden="true" />} onClick={invite.open}>
            Invite user
          </Button>
        }
      />
      <Paper p={0}>
        <Group p="md" gap="sm" align="flex-end">
          <TextInput
            label="Search"
            placeholder="Name, email or username"
            leftSection={<IconSearch size={16} aria-hidden="true" />}
            value={list.text}
            onChange={(event) => list.setText(event.currentTarget.value)}
            type="search"
            w={{ base: "100%", sm: 280 }}
          />
          <NativeSelect
            label="Role"
            data={ROLE_FILTER}
            value={role ?? ""}
            onChange={(event) => list.set({ role: event.currentTarget.value || null })}
            w={{ base: "100%", xs: 160 }}
          />
          <NativeSelect
            label="State"
            data={STATE_FILTER}
            value={state ?? ""}
            onChange={(event) => list.set({ state: event.currentTarget.value || null })}
            w={{ base: "100%", xs: 200 }}
          />
        </Group>
        {users.isPending ? (
          <TableSkeleton />
        ) : users.isError ? (
          <Stack p="md">
            <QueryError error={users.error} onRetry={() => void users.refetch()} />
          </Stack>
        ) : users.data.data.length === 0 ? (
          <EmptyState title={filtered ? "No matching users" : "No users yet"} icon={<IconUsers size={26} />} withBorder={false}>
            {filtered
              ? "No one matches these filters. Try a different search or clear the filters."
              : "Invite your team and clients to get started."}
          </EmptyState>
        ) : (
          <>
            <TableScroll minWidth={860} label="Users">
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Name</Table.Th>
                    <Table.Th scope="col">Username</Table.Th>
                    <Table.Th scope="col">Role</Table.Th>
                    <Table.Th scope="col">Client account</Table.Th>
                    <Table.Th scope="col">State</Table.Th>
                    <Table.Th scope="col">Last log-in</Table.Th>
                    <Table.Th scope="col">
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {users.data.data.map((user) => (
                    <Table.Tr key={user.id}>
                      <Table.Td>
                        <Text size="sm" fw={600}>
                          {user.name}
                          {user.id === me.id ? " (you)" : ""}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {user.email}
                        </Text>
                      </Table.Td>
                      <Table.Td>{user.username || "—"}</Table.Td>
                      <Table.Td>{ROLE_LABELS[user.role]}</Table.Td>
                      <Table.Td>
                        {user.accountId && user.accountName ? (
                          <Anchor component={Link} to={`/clients/${user.accountId}`} size="sm">
                            {user.accountName}
                          </Anchor>
                        ) : user.role === "client" ? (
                          <Text size="sm" c="#9a3412">
                            Not placed yet{user.company ? ` · gave “${user.company}”` : ""}
                          </Text>
                        ) : (
                          "—"
                        )}
                      </Table.Td>
                      <Table.Td>
                        <StateBadge state={user.state} />
                      </Table.Td>
                      <Table.Td>{lastLoginLabel(user.lastLoginAt, user.id === me.id)}</Table.Td>
                      <Table.Td ta="right">
                        <UserActions user={user} isSelf={user.id === me.id} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
            <Pager page={list.page} total={users.data.total} pageSize={users.data.pageSize} onChange={list.setPage} noun="users" />
          </>
        )}
      </Paper>
      <InviteUserModal opened={inviteOpened} onClose={invite.close} />
    </>
  );
}
