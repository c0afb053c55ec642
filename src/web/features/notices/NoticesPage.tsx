import { Badge, Button, Group, Modal, Paper, SegmentedControl, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconPlus, IconSpeakerphone } from "@tabler/icons-react";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { excerptOf } from "../../../common/markdown-text";
import { readByLabel, type TNotice, type TNoticeListItem } from "../../../common/notices";
import { errorMessage } from "../../api/client";
import { isStaff, useMe } from "../../api/session";
import { PageHeader } from "../../components/PageHeader";
import { Pager } from "../../components/Pager";
import { EmptyState, QueryError, TableSkeleton } from "../../components/States";
import { useDismissNotice, useEndNotice, useNotices } from "./api";
import { NoticeCard } from "./NoticeCard";
import { NoticeDrawer } from "./NoticeDrawer";
import { NoticeForm } from "./NoticeForm";

type Tab = "active" | "all";

/**
 * Notices ("Keep momentum"). Clients: the notices the agency sent them — Active (on their
 * dashboard until dismissed) or All, dismissed and ended ones too. Staff: "Post a notice", and
 * the notices sent in their scope with "Read by X of Y", receipts, editing and "End now".
 * `?open=<id>` opens one (links from the dashboard, the bell and emails).
 */
export function NoticesPage() {
  const me = useMe();
  const staff = isStaff(me);
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get("tab") === "all" ? "all" : "active";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const openId = params.get("open");
  const list = useNotices({ status: tab, page });
  const [form, setForm] = useState<{ notice?: TNotice } | null>(null);
  const end = useEndNotice();
  const dismiss = useDismissNotice();

  const setParam = (changes: Record<string, string | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [k, v] of Object.entries(changes)) {
          if (v === null) next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace: changes.open === undefined },
    );

  const [ending, setEnding] = useState<string | null>(null);
  const confirmEnd = (id: string) => setEnding(id);
  const endNow = () => {
    if (!ending) return;
    end.mutate(ending, {
      onSuccess: () => {
        setEnding(null);
        notifications.show({ color: "green", title: "Notice ended", message: "It no longer shows on dashboards." });
      },
      onError: (e) => notifications.show({ color: "red", title: "Could not end the notice", message: errorMessage(e) }),
    });
  };

  const canPost = list.data?.policies.post ?? staff;
  const header = (
    <PageHeader
      title="Notices"
      description={
        staff
          ? "Tell all your clients, or chosen accounts, what they need to know. They see it on their dashboard until they dismiss it, and are told in the app and by email."
          : "Keep momentum: what the agency wants you to know. Active notices show on your dashboard until you dismiss them."
      }
      actions={
        canPost ? (
          <Button leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => setForm({})}>
            Post a notice
          </Button>
        ) : null
      }
    />
  );

  const items = list.data?.data ?? [];
  return (
    <>
      {header}
      <Stack gap="md">
        <SegmentedControl
          aria-label="Which notices"
          value={tab}
          onChange={(v) => setParam({ tab: v === "all" ? "all" : null, page: null })}
          data={[
            { value: "active", label: "Active" },
            { value: "all", label: "All" },
          ]}
          w={{ base: "100%", xs: 240 }}
        />
        {list.isPending ? <TableSkeleton rows={3} /> : null}
        {list.isError ? <QueryError error={list.error} onRetry={() => void list.refetch()} title="Could not load notices" /> : null}
        {list.data && items.length === 0 ? (
          <EmptyState title={tab === "active" ? "No active notices" : "No notices yet"} icon={<IconSpeakerphone size={26} />}>
            {staff
              ? "Notices you and your team post appear here with who has read them."
              : "When the agency posts a notice for you it appears here and on your dashboard."}
          </EmptyState>
        ) : null}
        {items.map((notice) =>
          staff ? (
            <StaffNoticeRow
              key={notice.id}
              notice={notice}
              onOpen={() => setParam({ open: notice.id })}
              onEdit={() => setForm({ notice })}
              onEnd={confirmEnd}
            />
          ) : (
            <NoticeCard
              key={notice.id}
              notice={notice}
              badges={<ClientBadges notice={notice} />}
              actions={
                <>
                  <Button variant="light" onClick={() => setParam({ open: notice.id })}>
                    Open
                  </Button>
                  {notice.policies.dismiss && !notice.dismissedAt && notice.active ? (
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
                  ) : null}
                </>
              }
            />
          ),
        )}
        {list.data && list.data.total > list.data.pageSize ? (
          <Paper>
            <Pager
              page={page}
              total={list.data.total}
              pageSize={list.data.pageSize}
              onChange={(p) => setParam({ page: p > 1 ? String(p) : null })}
              noun="notices"
            />
          </Paper>
        ) : null}
      </Stack>
      <NoticeDrawer
        noticeId={openId}
        onClose={() => setParam({ open: null })}
        onEdit={staff ? (detail) => setForm({ notice: detail.data.notice }) : undefined}
        onEnd={staff ? confirmEnd : undefined}
      />
      <Modal opened={ending !== null} onClose={() => setEnding(null)} title="End this notice now?">
        <Stack gap="md">
          <Text size="sm">It leaves every client's dashboard at once. It stays listed under All, with its read receipts.</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setEnding(null)} disabled={end.isPending}>
              Keep it running
            </Button>
            <Button color="red" onClick={endNow} loading={end.isPending}>
              End now
            </Button>
          </Group>
        </Stack>
      </Modal>
      <NoticeForm
        opened={form !== null}
        onClose={() => setForm(null)}
        canPostToAll={list.data?.policies.postToAll ?? me.role === "admin"}
        notice={form?.notice}
      />
    </>
  );
}

function ClientBadges({ notice }: { notice: TNotice }) {
  return (
    <>
      {!notice.active ? <Badge color="gray">Ended</Badge> : null}
      {notice.dismissedAt ? (
        <Badge color="gray" variant="outline">
          Dismissed
        </Badge>
      ) : null}
      {!notice.readAt && notice.active ? <Badge variant="light">Unread</Badge> : null}
    </>
  );
}

/** Staff: a sent notice as a card with its audience, "Read by X of Y" and what they may do. */
function StaffNoticeRow({
  notice,
  onOpen,
  onEdit,
  onEnd,
}: {
  notice: TNoticeListItem;
  onOpen: () => void;
  onEdit: () => void;
  onEnd: (id: string) => void;
}) {
  const audience =
    notice.audience === "all"
      ? "All clients"
      : notice.accounts.length > 3
        ? `${notice.accounts
            .slice(0, 3)
            .map((a) => a.name)
            .join(", ")} and ${notice.accounts.length - 3} more`
        : notice.accounts.map((a) => a.name).join(", ");
  return (
    <NoticeCard
      notice={notice}
      withBody={false}
      badges={
        <>
          {notice.active ? (
            <Badge color="green" variant="light">
              Active
            </Badge>
          ) : (
            <Badge color="gray">Ended</Badge>
          )}
          <Badge variant="outline" color="gray" style={{ textTransform: "none" }}>
            {audience}
          </Badge>
        </>
      }
      actions={
        <>
          <Text size="sm" fw={600} mr="auto">
            {notice.counts ? readByLabel(notice.counts) : null}
          </Text>
          <Group gap="sm" wrap="wrap">
            <Button variant="light" onClick={onOpen}>
              Receipts
            </Button>
            {notice.policies.edit ? (
              <Button variant="default" onClick={onEdit}>
                Edit
              </Button>
            ) : null}
            {notice.policies.end ? (
              <Button color="red" variant="light" onClick={() => onEnd(notice.id)}>
                End now
              </Button>
            ) : null}
          </Group>
          <Text size="sm" c="dimmed" w="100%" lineClamp={2}>
            {excerptOf(notice.body, 200)}
          </Text>
        </>
      }
    />
  );
}
