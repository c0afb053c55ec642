import { ActionIcon, Indicator } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconBell } from "@tabler/icons-react";
import { lazy, Suspense } from "react";
import { useLoadOnIntent } from "../../lib/useLoadOnIntent";
import { useNotifications } from "./api";

const loadPanel = () => import("./NotificationPanel");
const NotificationPanel = lazy(() => loadPanel().then((module) => ({ default: module.NotificationPanel })));

/**
 * The header's bell: unread count at once, kept live by the stream; the popover with the latest
 * notifications (NotificationPanel) loads when the person points at, focuses or presses it.
 */
export function NotificationBell() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const list = useNotifications();
  const unread = list.data?.unreadCount ?? 0;
  const { ready, hadFocus, triggerProps } = useLoadOnIntent(loadPanel);
  const label = `Notifications, ${unread} unread`;
  const placeholder = (
    <ActionIcon
      variant="subtle"
      color="gray"
      size="lg"
      aria-label={label}
      aria-haspopup="dialog"
      aria-expanded={false}
      {...triggerProps}
      onClick={() => {
        triggerProps.onClick();
        toggle();
      }}
    >
      <IconBell size={20} aria-hidden="true" />
    </ActionIcon>
  );

  return (
    <Indicator
      label={unread > 99 ? "99+" : unread}
      disabled={unread === 0}
      size={18}
      offset={6}
      color="red.8"
      styles={{ indicator: { fontWeight: 700, fontSize: 11 } }}
      // The count is already in the button's name.
      attributes={{ indicator: { "aria-hidden": true } }}
    >
      {ready ? (
        <Suspense fallback={placeholder}>
          <NotificationPanel
            opened={opened}
            onClose={close}
            target={
              <ActionIcon variant="subtle" color="gray" size="lg" onClick={toggle} aria-label={label} autoFocus={hadFocus}>
                <IconBell size={20} aria-hidden="true" />
              </ActionIcon>
            }
          />
        </Suspense>
      ) : (
        placeholder
      )}
    </Indicator>
  );
}
