import { Alert, Badge, Button, Drawer, Group, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useEffect, useRef } from "react";
import { readByLabel, type TNoticeDetail } from "../../../common/notices";
import { errorMessage } from "../../api/client";
import { PageLoader, QueryError } from "../../components/States";
import { TableScroll } from "../../components/TableScroll";
import { formatDateTime } from "../../lib/format";
import { useDismissNotice, useNotice, useReadNotice } from "./api";
import { NoticeCard } from "./NoticeCard";

interface NoticeDrawerProps {
  /** The notice shown (from `?open=`), or null: closed. */
  noticeId: string | null;
  onClose: () => void;
  /** Staff: edit and end from the drawer. */
  onEdit?: (detail: TNoticeDetail) => void;
  onEnd?: (id: string) => void;
}

/**
 * One notice, opened from the list, the dashboard, a notification or an email. A client opening
 * it marks it read; staff see its receipts: every recipient in their scope, with when they read
 * and dismissed it.
 */
export function NoticeDrawer({ noticeId, onClose, onEdit, onEnd }: NoticeDrawerProps) {
  const query = useNotice(noticeId);
  const detail = query.data;
  const read = useReadNotice();
  const dismiss = useDismissNotice();
  // Marks read once per opening (a refetch must not post again).
  const marked = useRef<string | null>(null);
  useEffect(() => {
    if (!detail || marked.current === detail.data.notice.id) return;
    if (detail.policies.read && !detail.data.notice.readAt) {
      marked.current = detail.data.notice.id;
      read.mutate(detail.data.notice.id);
    }
  }, [detail, read]);

  return (
    <Drawer opened={noticeId !== null} onClose={onClose} position="right" size="xl" title="Notice">
      {query.isPending && noticeId ? <PageLoader label="Loading the notice" /> : null}
      {query.isError ? <QueryError error={query.error} onRetry={() => void query.refetch()} title="Could not open this notice" /> : null}
      {detail ? (
        <Stack gap="lg">
          <NoticeCard
            notice={detail.data.notice}
            badges={!detail.data.notice.active ? <Badge color="gray">Ended</Badge> : null}
            actions={
              <>
                {detail.policies.dismiss && !detail.data.notice.dismissedAt ? (
                  <Button
                    variant="default"
                    loading={dismiss.isPending}
                    onClick={() =>
                      dismiss.mutate(detail.data.notice.id, {
                        onSuccess: onClose,
                        onError: (e) => notifications.show({ color: "red", title: "Could not dismiss", message: errorMessage(e) }),
                      })
                    }
                  >
                    Dismiss
                  </Button>
                ) : null}
                {detail.policies.edit && onEdit ? (
                  <Button variant="default" onClick={() => onEdit(detail)}>
                    Edit
                  </Button>
                ) : null}
                {detail.policies.end && onEnd ? (
                  <Button color="red" variant="light" onClick={() => onEnd(detail.data.notice.id)}>
                    End now
                  </Button>
                ) : null}
              </>
            }
          />
          {detail.data.notice.dismissedAt ? (
            <Text size="sm" c="dimmed">
              You dismissed this notice on {formatDateTime(detail.data.notice.dismissedAt)}; it no longer shows on your dashboard.
            </Text>
          ) : null}
          {detail.data.notice.counts ? <Receipts detail={detail} /> : null}
        </Stack>
      ) : null}
    </Drawer>
  );
}

function Receipts({ detail }: { detail: TNoticeDetail }) {
  const counts = detail.data.notice.counts;
  if (!counts) return null;
  const { receipts } = detail.data;
  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Title order={3} fz="md">
          Who has read it
        </Title>
        <Text size="sm" fw={600}>
          {readByLabel(counts)} · {counts.dismissed} dismissed
        </Text>
      </Group>
      {receipts.length === 0 ? (
        <Alert color="gray" variant="light">
          Nobody in your client accounts has received it yet. Contacts added to an account see it while it runs and appear here once they
          open it.
        </Alert>
      ) : (
        <TableScroll minWidth={520} label="Read receipts">
          <Table striped verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Contact</Table.Th>
                <Table.Th scope="col">Client account</Table.Th>
                <Table.Th scope="col">Read</Table.Th>
                <Table.Th scope="col">Dismissed</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {receipts.map((r) => (
                <Table.Tr key={r.user.id}>
                  <Table.Td>{r.user.name}</Table.Td>
                  <Table.Td>{r.account.name}</Table.Td>
                  <Table.Td>
                    {r.readAt ? (
                      formatDateTime(r.readAt)
                    ) : (
                      <Text c="dimmed" size="sm">
                        Not yet
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {r.dismissedAt ? (
                      formatDateTime(r.dismissedAt)
                    ) : (
                      <Text c="dimmed" size="sm">
                        —
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
    </Stack>
  );
}
