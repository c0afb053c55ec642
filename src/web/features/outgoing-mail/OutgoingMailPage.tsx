import {
  Badge,
  Box,
  Button,
  Group,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  UnstyledButton,
  VisuallyHidden,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconMailCheck, IconMailUp, IconRefresh } from "@tabler/icons-react";
import { type CSSProperties, type ReactNode, useState } from "react";
import {
  OUTGOING_MAIL_STATUS_LABELS,
  OUTGOING_MAIL_STATUSES,
  SENT_LIST_DAYS,
  type TOutgoingMail,
  type TOutgoingMailCounts,
  type TOutgoingMailStatus,
} from "../../../common/outgoing-mail";
import { errorMessage } from "../../api/client";
import { PageHeader } from "../../components/PageHeader";
import { Pager } from "../../components/Pager";
import { EmptyState, QueryError, TableSkeleton } from "../../components/States";
import { TableScroll } from "../../components/TableScroll";
import { formatDateTime, formatRelative } from "../../lib/format";
import { useListParams } from "../../lib/useListParams";
import { useOutgoingMail, useRetryAllFailed, useRetryMail } from "./api";
import { asList, attemptsText, DEFAULT_LIST, emails, emptyWords, retryPeriod } from "./words";

const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** What each list holds, under its count. */
const LIST_HINTS: Record<TOutgoingMailStatus, string> = {
  queued: "Waiting for a first attempt",
  retrying: "Refused once or more, trying again",
  failed: "Kept for you to retry",
  sent: `Accepted, last ${SENT_LIST_DAYS} days`,
};

const subjectOf = (mail: TOutgoingMail) => mail.subject.trim() || "(no subject)";

/** A time as "in 20 minutes" / "5 minutes ago", the exact time in its title; a dash when there is none. */
function When({ iso, empty = "—" }: { iso: string | null; empty?: ReactNode }) {
  if (!iso) return <>{empty}</>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatRelative(iso)}
    </time>
  );
}

/**
 * The mail server's last refusal, whole and wrapped (the server keeps at most 2,000 characters):
 * an admin reads it to decide whether retrying can help.
 */
function LastError({ text }: { text: string | null }) {
  if (!text) {
    return (
      <Text span size="sm" c="dimmed">
        None
      </Text>
    );
  }
  return (
    <Text size="sm" c="red.9" style={{ overflowWrap: "anywhere", whiteSpace: "pre-wrap" }}>
      {text}
    </Text>
  );
}

/** When the next attempt is: now, while the worker is sending it. */
function NextAttempt({ mail }: { mail: TOutgoingMail }) {
  if (mail.sending) {
    return (
      <Badge variant="light" color="blue" size="sm">
        Sending now
      </Badge>
    );
  }
  return <When iso={mail.nextAttemptAt} />;
}

function RetryButton({ mail }: { mail: TOutgoingMail }) {
  const retry = useRetryMail();
  if (!mail.canRetry) return null;
  return (
    <Button
      size="xs"
      variant="light"
      leftSection={<IconRefresh size={14} aria-hidden="true" />}
      loading={retry.isPending}
      onClick={() =>
        retry.mutate(mail.id, {
          onSuccess: () =>
            notifications.show({
              color: "green",
              title: "Email queued",
              message: `“${subjectOf(mail)}” to ${mail.to} is being tried again now.`,
            }),
          onError: (e) => notifications.show({ color: "red", title: "Could not retry the email", message: errorMessage(e) }),
        })
      }
    >
      Retry
      <VisuallyHidden>
        {" "}
        “{subjectOf(mail)}” to {mail.to}
      </VisuallyHidden>
    </Button>
  );
}

interface Column {
  header: string;
  cell: (mail: TOutgoingMail) => ReactNode;
  /** Width hints: a time stays on one line, an error gets room to wrap. */
  style?: CSSProperties;
}

const to: Column = { header: "To", cell: (mail) => mail.to, style: { overflowWrap: "anywhere", minWidth: 160 } };
const subject: Column = { header: "Subject", cell: subjectOf, style: { overflowWrap: "anywhere", minWidth: 180 } };
const attempts: Column = { header: "Attempts", cell: (mail) => mail.attempts, style: { whiteSpace: "nowrap", width: 90 } };
const lastError: Column = { header: "Last error", cell: (mail) => <LastError text={mail.lastError} />, style: { minWidth: 240 } };
const time = (header: string, iso: (mail: TOutgoingMail) => string | null): Column => ({
  header,
  cell: (mail) => <When iso={iso(mail)} />,
  style: { whiteSpace: "nowrap" },
});
const retryColumn: Column = { header: "Action", cell: (mail) => <RetryButton mail={mail} />, style: { whiteSpace: "nowrap" } };

/** Each list's columns: what an admin needs to judge that kind of email. */
const COLUMNS: Record<TOutgoingMailStatus, Column[]> = {
  queued: [to, subject, time("Queued", (m) => m.createdAt), { header: "Next attempt", cell: (m) => <NextAttempt mail={m} /> }],
  retrying: [
    to,
    subject,
    attempts,
    lastError,
    { header: "Next attempt", cell: (m) => <NextAttempt mail={m} />, style: { whiteSpace: "nowrap" } },
    time("Gives up", (m) => m.giveUpAt),
    retryColumn,
  ],
  failed: [to, subject, attempts, lastError, time("Gave up", (m) => m.giveUpAt), retryColumn],
  sent: [
    to,
    subject,
    attempts,
    time("Sent", (m) => m.acceptedAt),
    {
      header: "Mail server's answer",
      cell: (m) => (
        <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
          {m.response ?? "—"}
        </Text>
      ),
      style: { minWidth: 200 },
    },
  ],
};

/** From 992 px: a table, one row an email. */
function MailTable({ list, mails }: { list: TOutgoingMailStatus; mails: TOutgoingMail[] }) {
  const columns = COLUMNS[list];
  return (
    <Box visibleFrom="md">
      <TableScroll minWidth={list === "queued" ? 640 : 900} label={`${OUTGOING_MAIL_STATUS_LABELS[list]} email`}>
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              {columns.map((column) => (
                <Table.Th key={column.header} scope="col" style={{ whiteSpace: "nowrap" }}>
                  {column.header}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {mails.map((mail) => (
              <Table.Tr key={mail.id} style={{ verticalAlign: "top" }}>
                {columns.map((column) => (
                  <Table.Td key={column.header} style={column.style}>
                    {column.cell(mail)}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
    </Box>
  );
}

/** A labelled line of a card: "Next attempt · in 20 minutes". */
function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap={6} wrap="nowrap" align="baseline">
      <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="sm" component="div" style={{ minWidth: 0 }}>
        {children}
      </Text>
    </Group>
  );
}

/** Below 992 px: one card an email, nothing to scroll sideways. */
function MailCards({ list, mails }: { list: TOutgoingMailStatus; mails: TOutgoingMail[] }) {
  return (
    <Stack
      component="ul"
      hiddenFrom="md"
      gap={0}
      m={0}
      p={0}
      style={{ listStyle: "none" }}
      aria-label={`${OUTGOING_MAIL_STATUS_LABELS[list]} email`}
    >
      {mails.map((mail) => (
        <Stack component="li" key={mail.id} gap={6} p="md" style={{ borderTop: "1px solid var(--mantine-color-gray-2)" }}>
          <Text size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
            {subjectOf(mail)}
          </Text>
          <Text size="sm" style={{ overflowWrap: "anywhere" }}>
            To {mail.to}
          </Text>
          {list === "queued" ? (
            <Fact label="Next attempt">
              <NextAttempt mail={mail} />
            </Fact>
          ) : null}
          {list === "retrying" || list === "failed" ? (
            <>
              <Text size="xs" c="dimmed">
                {attemptsText(mail.attempts)}
              </Text>
              <LastError text={mail.lastError} />
              {list === "retrying" ? (
                <>
                  <Fact label="Next attempt">
                    <NextAttempt mail={mail} />
                  </Fact>
                  <Fact label="Gives up">
                    <When iso={mail.giveUpAt} />
                  </Fact>
                </>
              ) : (
                <Fact label="Gave up">
                  <When iso={mail.giveUpAt} />
                </Fact>
              )}
              {mail.canRetry ? (
                <Group>
                  <RetryButton mail={mail} />
                </Group>
              ) : null}
            </>
          ) : null}
          {list === "sent" ? (
            <>
              <Fact label="Sent">
                <When iso={mail.acceptedAt} />
              </Fact>
              {mail.response ? (
                <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                  {mail.response}
                </Text>
              ) : null}
            </>
          ) : null}
        </Stack>
      ))}
    </Stack>
  );
}

/** The four lists as buttons with their counts: two by two on a phone, in a row from 768 px. */
function ListPicker({
  value,
  counts,
  onChange,
}: {
  value: TOutgoingMailStatus;
  counts: TOutgoingMailCounts | undefined;
  onChange: (list: TOutgoingMailStatus) => void;
}) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" mb="lg" role="group" aria-label="Lists of outgoing mail">
      {OUTGOING_MAIL_STATUSES.map((list) => {
        const selected = list === value;
        const count = counts?.[list];
        const alarming = list === "failed" && (count ?? 0) > 0;
        return (
          <UnstyledButton
            key={list}
            onClick={() => onChange(list)}
            aria-pressed={selected}
            p="sm"
            style={{
              // Why flex: a button centres its content vertically; cards of one row start level.
              display: "flex",
              flexDirection: "column",
              justifyContent: "flex-start",
              borderRadius: "var(--mantine-radius-md)",
              border: `1px solid ${selected ? "var(--mantine-primary-color-filled)" : "var(--mantine-color-gray-3)"}`,
              background: selected ? "var(--mantine-primary-color-light)" : "var(--mantine-color-white)",
              boxShadow: selected ? "inset 0 0 0 1px var(--mantine-primary-color-filled)" : undefined,
            }}
          >
            <Group justify="space-between" wrap="nowrap" gap="xs" align="baseline">
              <Text size="sm" fw={600}>
                {OUTGOING_MAIL_STATUS_LABELS[list]}
              </Text>
              <Text fz={22} fw={700} lh={1.1} c={alarming ? "red.8" : undefined}>
                {count ?? "–"}
              </Text>
            </Group>
            <Text size="xs" c="dimmed" mt={2}>
              {LIST_HINTS[list]}
            </Text>
          </UnstyledButton>
        );
      })}
    </SimpleGrid>
  );
}

/** "Retry all failed (n)", after saying what it will do. */
function RetryAllFailed({ count, retryHours }: { count: number; retryHours: number }) {
  const [open, setOpen] = useState(false);
  const retryAll = useRetryAllFailed();
  if (count === 0) return null;
  return (
    <>
      <Button leftSection={<IconRefresh size={16} aria-hidden="true" />} onClick={() => setOpen(true)}>
        Retry all failed ({count})
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title="Retry all failed email?" centered>
        <Stack>
          <Text size="sm">
            Portico tries all {emails(count)} again now. If your mail server still refuses one, Portico keeps trying it for another{" "}
            {retryPeriod(retryHours)} before it is kept as failed again.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button
              loading={retryAll.isPending}
              onClick={() =>
                retryAll.mutate(undefined, {
                  onSuccess: (body) => {
                    setOpen(false);
                    notifications.show({
                      color: "green",
                      title: "Failed email queued",
                      message: `${emails(body.retried)} ${body.retried === 1 ? "is" : "are"} being tried again now.`,
                    });
                  },
                  onError: (e) => notifications.show({ color: "red", title: "Could not retry the failed email", message: errorMessage(e) }),
                })
              }
            >
              Retry {emails(count)}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** Admin → Outgoing mail: what Portico is sending, still trying to send, gave up on and got accepted. */
export function OutgoingMailPage() {
  const params = useListParams("status");
  const list = asList(params.get("status"));
  const mails = useOutgoingMail({ status: list, page: params.page });
  const data = mails.data;
  const empty = data ? emptyWords(list, data.retryHours) : null;

  return (
    <>
      <PageHeader
        title="Outgoing mail"
        description={
          <>
            Every email Portico sends waits here until your mail server accepts it.
            {data ? (
              <>
                {" "}
                When the server refuses an email or cannot be reached, Portico keeps retrying for {retryPeriod(data.retryHours)}, waiting at
                most 30 minutes between attempts; after that it is kept as failed until you retry it.
              </>
            ) : null}{" "}
            Times are shown in your time zone ({zone}).
          </>
        }
        actions={data ? <RetryAllFailed count={data.counts.failed} retryHours={data.retryHours} /> : null}
      />
      <ListPicker value={list} counts={data?.counts} onChange={(next) => params.set({ status: next === DEFAULT_LIST ? null : next })} />
      <Paper p={0}>
        <Title order={2} fz="md" px="md" pt="md" pb="sm">
          {OUTGOING_MAIL_STATUS_LABELS[list]} email
        </Title>
        {/* A list still showing another list's (or page's) emails waits for its own. */}
        {mails.isPending || mails.isPlaceholderData ? (
          <TableSkeleton />
        ) : mails.isError ? (
          <Stack p="md">
            <QueryError error={mails.error} onRetry={() => void mails.refetch()} />
          </Stack>
        ) : data && data.data.length === 0 && empty ? (
          <EmptyState
            title={empty.title}
            icon={list === "failed" || list === "sent" ? <IconMailCheck size={26} /> : <IconMailUp size={26} />}
            withBorder={false}
            order={3}
          >
            {empty.body}
          </EmptyState>
        ) : data ? (
          <>
            <MailTable list={list} mails={data.data} />
            <MailCards list={list} mails={data.data} />
            <Pager page={params.page} total={data.total} pageSize={data.pageSize} onChange={params.setPage} noun="emails" />
          </>
        ) : null}
      </Paper>
    </>
  );
}
