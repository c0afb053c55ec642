import { Box, Menu, Text } from "@mantine/core";
import { IconLogout, IconUserCircle } from "@tabler/icons-react";
import type { ReactElement } from "react";
import { Link, useNavigate } from "react-router";
import type { TMe } from "../../common/schemas";
import { useLogout } from "../api/session";
import { ROLE_LABELS } from "../lib/format";

/**
 * The header's user menu around its trigger. A chunk of its own, loaded when the person points at,
 * focuses or presses the trigger (see UserMenu in AppLayout), so the page never waits for it.
 */
export function UserMenuDropdown({ user, target, defaultOpened }: { user: TMe; target: ReactElement; defaultOpened: boolean }) {
  const logout = useLogout();
  const navigate = useNavigate();
  return (
    <Menu position="bottom-end" width={240} shadow="md" defaultOpened={defaultOpened}>
      <Menu.Target>{target}</Menu.Target>
      <Menu.Dropdown>
        <Box px="sm" py="xs">
          <Text size="sm" fw={600} truncate>
            {user.name}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {user.email} · {ROLE_LABELS[user.role]}
          </Text>
        </Box>
        <Menu.Divider />
        <Menu.Item component={Link} to="/account" leftSection={<IconUserCircle size={16} aria-hidden="true" />}>
          Account
        </Menu.Item>
        <Menu.Item
          leftSection={<IconLogout size={16} aria-hidden="true" />}
          onClick={() => logout.mutate(undefined, { onSettled: () => navigate("/login", { replace: true }) })}
        >
          Log out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
