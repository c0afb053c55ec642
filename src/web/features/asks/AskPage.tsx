import { Alert, Anchor, Badge, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconAlarm, IconCircleCheck, IconClockX, IconX } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { ASK_ACTION_TITLES, ASK_KIND_LABELS, askPath, type TAskDetail } from "../../../common/asks";
import { isStaff, useMe } from "../../api/session";
import { detailStates } from "../../components/DetailStates";
import { PageHeader } from "../../components/PageHeader";
import { formatDateTime } from "../../lib/format";
import { AnswerForm } from "./AnswerForm";
import { useAsk } from "./api";
import { Countdown } from "./Countdown";
import { AskStatusBadge, AsksBackLink, shownStatus, usePast, useRefetchWhenLate } from "./parts";
import { StaffAskView } from "./StaffAskView";
import { formatClock } from "./time";

/**
 * /asks/:id — one ask, for whoever may see it. The client answers it here before the deadline
 * (a code, yes or no, a short answer, a file); staff watch it arrive live, reveal and copy a
 * secret answer, cancel it or ask again. Both see only the buttons their `policies` allow.
 */
export function AskPage() {
  const { id = "" } = useParams();
  const staff = isStaff(useMe());
  const query = useAsk(id);
  const back = <AsksBackLink staff={staff} />;
  const fallback = detailStates({ query, title: staff ? "Ask" : "Request from your agent", noun: "request", back });
  if (fallback || !query.data) return fallback;
  // Keyed by id: "Ask again" moves to the new ask, and nothing of the old one's state carries over.
  return staff ? <StaffAskView key={id} detail={query.data} back={back} /> : <ClientAskView key={id} detail={query.data} back={back} />;
}

function ClientAskView({ detail, back }: { detail: TAskDetail; back: React.ReactNode }) {
  const { ask } = detail.data;
  const { policies } = detail;
  const late = usePast(ask.deadlineAt);
  const status = shownStatus(ask, late);
  const [expiredMessage, setExpiredMessage] = useState<string | null>(null);
  useRefetchWhenLate(ask, late);
  const answering = policies.answer && !expiredMessage;

  return (
    <Stack gap="lg">
      <PageHeader
        title={ASK_ACTION_TITLES[ask.kind]}
        above={back}
        description={
          <Group component="span" gap="xs" wrap="wrap">
            <AskStatusBadge status={expiredMessage ? "expired" : status} staff={false} />
            <span>
              {ask.askedBy.name} asked at {formatClock(ask.askedAt)}
            </span>
          </Group>
        }
      />
      <Paper p={{ base: "md", sm: "lg" }} withBorder style={answering ? { borderColor: "var(--mantine-color-orange-5)" } : undefined}>
        <Stack gap="md">
          <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
            <Stack gap={2} style={{ flex: "1 1 16rem", minWidth: 0 }}>
              <Text size="xs" fw={700} tt="uppercase" c="dimmed">
                {ASK_KIND_LABELS[ask.kind]} · from {ask.askedBy.name}
              </Text>
              <Title order={2} fz="lg" style={{ overflowWrap: "anywhere", whiteSpace: "pre-wrap" }}>
                {ask.prompt}
              </Title>
            </Stack>
            {answering ? <Countdown deadline={ask.deadlineAt} size="lg" /> : null}
          </Group>
          {answering ? (
            <AnswerForm ask={ask} onExpired={setExpiredMessage} />
          ) : (
            <ClientOutcome detail={detail} expiredMessage={expiredMessage} />
          )}
        </Stack>
      </Paper>
      {answering ? (
        <Text size="sm" c="dimmed">
          Answer before the time runs out: {formatDateTime(ask.deadlineAt)}. Fast responses help your service move without interruption.
        </Text>
      ) : null}
    </Stack>
  );
}

/** What the client sees once there is nothing to answer: thanks, the expiry in the server's words, or the cancellation. */
function ClientOutcome({ detail, expiredMessage }: { detail: TAskDetail; expiredMessage: string | null }) {
  const { ask } = detail.data;
  const late = usePast(ask.deadlineAt);
  const newer = ask.reaskedBy ? (
    <Anchor component={Link} to={askPath(ask.reaskedBy)} size="sm" fw={600}>
      Your agent asked again: open the new request
    </Anchor>
  ) : null;

  if (ask.status === "answered" && !expiredMessage) {
    return (
      <Alert
        color="green"
        variant="light"
        icon={<IconCircleCheck aria-hidden="true" />}
        title="Sent — thank you. Your agent has it."
        role="status"
      >
        <Stack gap={4}>
          <Text size="sm">
            {ask.answeredBy ? `${ask.answeredBy.name} answered` : "Answered"} at {formatClock(ask.answeredAt)}.
            {ask.secret ? " It is kept secret, shown only to your agent, and deleted after use." : ""}
          </Text>
          {ask.answer?.confirm !== undefined ? (
            <Text size="sm">
              Your answer:{" "}
              <Badge color={ask.answer.confirm ? "green" : "gray"} tt="none">
                {ask.answer.confirm ? "Yes, confirmed" : "No"}
              </Badge>
            </Text>
          ) : null}
          {ask.answer?.text ? (
            <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
              Your answer: {ask.answer.text}
            </Text>
          ) : null}
          {ask.file ? <Text size="sm">Your file: {ask.file.name}</Text> : null}
          {newer}
        </Stack>
      </Alert>
    );
  }
  if (ask.status === "cancelled") {
    return (
      <Alert color="gray" variant="light" icon={<IconX aria-hidden="true" />} title="Cancelled" role="status">
        <Stack gap={4}>
          <Text size="sm">Your agent cancelled this request: nothing more is needed.</Text>
          {newer}
        </Stack>
      </Alert>
    );
  }
  if (expiredMessage || ask.status === "expired" || late) {
    return (
      <Alert color="orange" variant="light" icon={<IconClockX aria-hidden="true" />} title="The time ran out" role="status">
        <Stack gap={4}>
          <Text size="sm">
            {expiredMessage ?? `This request expired at ${formatClock(ask.deadlineAt)}. Ask your agent to send a new one.`}
          </Text>
          {newer ?? (
            <Text size="sm">
              Your agent has been told and can ask again: the new request will appear on your dashboard. You can also reply to them through
              Support Tickets.
            </Text>
          )}
        </Stack>
      </Alert>
    );
  }
  // Open, the deadline ahead, and still not answerable: the server decided; say so without guessing.
  return (
    <Alert color="gray" variant="light" icon={<IconAlarm aria-hidden="true" />} role="status">
      This request cannot be answered from your login. Ask a colleague on your account, or your agent.
    </Alert>
  );
}
