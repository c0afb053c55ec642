import { ActionIcon, Button, Group, Menu, Modal, NativeSelect, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCheck, IconDots, IconMailForward, IconPlayerPause, IconPlayerPlay, IconUserCog } from "@tabler/icons-react";
import { useState } from "react";
import type { TRole, TUser } from "../../../common/schemas";
import { errorMessage } from "../../api/client";
import { ROLE_LABELS } from "../../lib/format";
import { useResendInvitation, useUpdateUser } from "./api";
import { AccountSelect } from "./InviteUserModal";
import { PlaceRegistrationModal } from "./PlaceRegistration";

const ROLE_OPTIONS = (Object.keys(ROLE_LABELS) as TRole[]).map((role) => ({ value: role, label: ROLE_LABELS[role] }));

function ChangeRoleModal({ user, opened, onClose }: { user: TUser; opened: boolean; onClose: () => void }) {
  const update = useUpdateUser();
  const [role, setRole] = useState<TRole>(user.role);
  const [accountId, setAccountId] = useState(user.accountId ?? "");
  const [error, setError] = useState<string | null>(null);
  const needsAccount = role === "client" && !accountId;

  const save = () => {
    setError(null);
    update.mutate(
      { id: user.id, role, ...(role === "client" ? { accountId } : {}) },
      {
        onSuccess: () => {
          notifications.show({ color: "green", title: "Role changed", message: `${user.name} is now ${ROLE_LABELS[role]}.` });
          onClose();
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title={`Change role of ${user.name}`} centered>
      <Stack gap="md">
        <NativeSelect label="Role" data={ROLE_OPTIONS} value={role} onChange={(event) => setRole(event.currentTarget.value as TRole)} />
        {role === "client" ? <AccountSelect value={accountId} onChange={setAccountId} /> : null}
        {error ? (
          <Text size="sm" c="red.8" role="alert">
            {error}
          </Text>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={save} loading={update.isPending} disabled={needsAccount}>
            Save role
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function ConfirmSuspend({ user, opened, onClose }: { user: TUser; opened: boolean; onClose: () => void }) {
  const update = useUpdateUser();
  return (
    <Modal opened={opened} onClose={onClose} title={`Suspend ${user.name}?`} centered>
      <Stack gap="md">
        <Text size="sm">
          {user.name} will be logged out and will not be able to log in until you reactivate the account. Nothing is deleted.
        </Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color="red.9"
            loading={update.isPending}
            onClick={() =>
              update.mutate(
                { id: user.id, status: "suspended" },
                {
                  onSuccess: () => {
                    notifications.show({ color: "green", title: "User suspended", message: user.name });
                    onClose();
                  },
                  onError: (e) => notifications.show({ color: "red", title: "Could not suspend", message: errorMessage(e) }),
                },
              )
            }
          >
            Suspend
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The row menu on the users table: approve, suspend/reactivate, change role, resend invitation. */
export function UserActions({ user, isSelf }: { user: TUser; isSelf: boolean }) {
  const update = useUpdateUser();
  const resend = useResendInvitation();
  const [dialog, setDialog] = useState<"role" | "suspend" | "place" | null>(null);
  const unplaced = user.role === "client" && !user.accountId;

  const activate = (title: string) =>
    update.mutate(
      { id: user.id, status: "active" },
      {
        onSuccess: () => notifications.show({ color: "green", title, message: user.name }),
        onError: (e) => notifications.show({ color: "red", title: "Could not update", message: errorMessage(e) }),
      },
    );

  return (
    <>
      <Menu position="bottom-end" shadow="md" width={220}>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${user.name}`} loading={update.isPending || resend.isPending}>
            <IconDots size={18} aria-hidden="true" />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {user.state === "awaiting_approval" ? (
            unplaced ? (
              <Menu.Item leftSection={<IconCheck size={16} aria-hidden="true" />} onClick={() => setDialog("place")}>
                Place and approve…
              </Menu.Item>
            ) : (
              <Menu.Item leftSection={<IconCheck size={16} aria-hidden="true" />} onClick={() => activate("Account approved")}>
                Approve
              </Menu.Item>
            )
          ) : null}
          {user.state === "invited" ? (
            <Menu.Item
              leftSection={<IconMailForward size={16} aria-hidden="true" />}
              onClick={() =>
                resend.mutate(user.id, {
                  onSuccess: () => notifications.show({ color: "green", title: "Invitation resent", message: user.email }),
                  onError: (e) => notifications.show({ color: "red", title: "Could not resend", message: errorMessage(e) }),
                })
              }
            >
              Resend invitation
            </Menu.Item>
          ) : null}
          <Menu.Item leftSection={<IconUserCog size={16} aria-hidden="true" />} disabled={isSelf} onClick={() => setDialog("role")}>
            Change role
          </Menu.Item>
          {user.status === "suspended" ? (
            <Menu.Item leftSection={<IconPlayerPlay size={16} aria-hidden="true" />} onClick={() => activate("User reactivated")}>
              Reactivate
            </Menu.Item>
          ) : (
            <Menu.Item
              color="red.9"
              leftSection={<IconPlayerPause size={16} aria-hidden="true" />}
              disabled={isSelf}
              onClick={() => setDialog("suspend")}
            >
              Suspend
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      {dialog === "role" ? <ChangeRoleModal user={user} opened onClose={() => setDialog(null)} /> : null}
      {dialog === "suspend" ? <ConfirmSuspend user={user} opened onClose={() => setDialog(null)} /> : null}
      {dialog === "place" ? <PlaceRegistrationModal user={user} opened onClose={() => setDialog(null)} /> : null}
    </>
  );
}
