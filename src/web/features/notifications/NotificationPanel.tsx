import { Box, Button, Group, Popover, ScrollArea, Stack, Text, UnstyledButton, VisuallyHidden } from "@mantine/core";
import { IconChecks } from "@tabler/icons-react";
import type { ReactElement } from "react";
import { useNavigate } from "react-router";
import type { TNotification } from "../../../common/notifications";
import { formatDateTime, formatRelative } from "../../lib/format";
import { useMarkAllNotificationsRead, useMarkNotificationRead, useNotifications } from "./api";

/** Why: a notification's URL is followed inside the app only — never to another site. */
function internalPath(url: string): string | null {
  return url.startsWith("/") && !url.startsWith("//") ? url : null;
}

function Item({ notification, onOpen }: { notification: TNotification; onOpen: () => void }) {
  const unread = !notification.read;
  return (
    <UnstyledButton
      onClick={onOpen}
      w="100%"
      px="sm"
      py="xs"
      bg={unread ? "indigo.0" : undefined}
      style={{ borderRadius: "var(--mantine-radius-sm)" }}
    >
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Box
          mt={6}
          w={8}
          h={8}
          style={{ borderRadius: 4, flex: "none", background: unread ? "var(--mantine-color-indigo-7)" : "transparent" }}
          aria-hidden="true"
        />
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
          <Text size="sm" fw={unread ? 700 : 500} lineClamp={2}>
            {unread ? <VisuallyHidden>Unread: </VisuallyHidden> : null}
            {notification.title}
          </Text>
          {notification.body ? (
            <Text size="xs" c="dimmed" lineClamp={2}>
              {notification.body}
            </Text>
          ) : null}
          <Text size="xs" c="dimmed">
            <time dateTime={notification.createdAt} title={formatDateTime(notification.createdAt)}>
              {formatRelative(notification.createdAt)}
            </time>
          </Text>
        </Stack>
      </Group>
    </UnstyledButton>
  );
}

interface NotificationPanelProps {
  /** The bell's button (NotificationBell's), the same before and after this chunk has loaded. */
  target: ReactElement;
  opened: boolean;
  onClose: () => void;
}

/**
 * The bell's popover: the latest notifications, mark read and go. A chunk of its own, loaded when
 * the person points at, focuses or presses the bell, so the page never waits for it.
 */
export function NotificationPanel({ target, opened, onClose }: NotificationPanelProps) {
  const navigate = useNavigate();
  const list = useNotifications();
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();
  const unread = list.data?.unreadCount ?? 0;
  const items = list.data?.data ?? [];

  const open = (notification: TNotification) => {
    if (!notification.read) markRead.mutate(notification.id);
    onClose();
    const path = internalPath(notification.url);
    if (path) navigate(path);
  };

  return (
    <Popover opened={opened} onChange={(value) => (value ? undefined : onClose())} position="bottom-end" width={340} shadow="md" trapFocus>
      <Popover.Target>{target}</Popover.Target>
      <Popover.Dropdown p="xs" aria-label="Notifications">
        <Group justify="space-between" px="xs" pb="xs">
          <Text fw={700} size="sm">
            Notifications
          </Text>
          <Button
            variant="subtle"
            size="compact-xs"
            leftSection={<IconChecks size={14} aria-hidden="true" />}
            disabled={unread === 0}
            loading={markAll.isPending}
            onClick={() => markAll.mutate()}
          >
            Mark all as read
          </Button>
        </Group>
        {list.isPending ? (
          <Text size="sm" c="dimmed" p="sm">
            Loading…
          </Text>
        ) : list.isError ? (
          <Text size="sm" c="red.9" p="sm">
            Could not load notifications.
          </Text>
        ) : items.length === 0 ? (
          <Text size="sm" c="dimmed" p="sm">
            No notifications yet. You will see ticket replies and status changes here.
          </Text>
        ) : (
          <ScrollArea.Autosize mah={400} type="auto">
            <Stack component="ul" gap={2} m={0} p={0} style={{ listStyle: "none" }}>
              {items.map((notification) => (
                <li key={notification.id}>
                  <Item notification={notification} onOpen={() => open(notification)} />
                </li>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
