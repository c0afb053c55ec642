import { type NotificationsProps, useNotifications } from "@mantine/notifications";
import { lazy, Suspense, useState } from "react";

// Mantine's toast stack (its transitions and portal, ~7 KB gzip) is fetched the first time
// something calls notifications.show(): most page loads show none. Shown before it arrives, a
// notification waits in Mantine's store and appears as soon as the stack mounts.
const NotificationStack = lazy(() => import("./NotificationStack").then((module) => ({ default: module.NotificationStack })));

/** Mantine's `<Notifications />`, mounted once there is something to show and kept from then on. */
export function Notifications(props: NotificationsProps) {
  const { notifications, queue } = useNotifications();
  const [shown, setShown] = useState(false);
  // Latched (React's "adjust state while rendering"): the last toast closing must not unmount the stack mid-transition.
  if (!shown && notifications.length + queue.length > 0) setShown(true);
  if (!shown) return null;
  return (
    <Suspense fallback={null}>
      <NotificationStack {...props} />
    </Suspense>
  );
}
