import { Anchor, Button, Group, Stack, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { Link } from "react-router";
import { errorMessage } from "../../api/client";
import { useMe } from "../../api/session";
import { useDismissNotice, useNotices } from "./api";
import { NoticeCard } from "./NoticeCard";

/**
 * The client dashboard's notices: the running notices this person has not dismissed, newest
 * first, each with "Dismiss" and a way to the Notices page. Renders nothing for staff, or when
 * there are none. Live: a posted, changed or ended notice refreshes it (api/live.ts).
 */
export function DashboardNotices() {
  const me = useMe();
  const client = me.role === "client";
  const list = useNotices({ status: "active", page: 1 }, { enabled: client });
  const dismiss = useDismissNotice();
  // An end date may pass between refreshes: never show a notice past it.
  const now = Date.now();
  const notices = (list.data?.data ?? []).filter((n) => !n.endsAt || new Date(n.endsAt).getTime() > now);
  if (!client || notices.length === 0) return null;
  return (
    <Stack gap="sm" component="section" aria-labelledby="dashboard-notices">
      <Group justify="space-between" wrap="wrap">
        <Title order={2} fz="lg" id="dashboard-notices">
          Notices
        </Title>
        <Anchor component={Link} to="/notices" size="sm">
          All notices
        </Anchor>
      </Group>
      {notices.map((notice) => (
        <NoticeCard
          key={notice.id}
          notice={notice}
          order={3}
          actions={
            <>
              <Button component={Link} to={`/notices?open=${notice.id}`} variant="light">
                {notice.readAt ? "Open in Notices" : "Read the notice"}
              </Button>
              <Button
                variant="default"
                loading={dismiss.isPending && dismiss.variables === notice.id}
                onClick={() =>
                  dismiss.mutate(notice.id, {
                    onError: (e) => notifications.show({ color: "red", title: "Could not dismiss", message: errorMessage(e) }),
                  })
                }
              >
                Dismiss
              </Button>
            </>
          }
        />
      ))}
    </Stack>
  );
}
