import { Alert, Anchor, Badge, Button, Group, Modal, Paper, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconBell, IconCircleCheck, IconClockX, IconPaperclip, IconRefresh, IconX } from "@tabler/icons-react";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { Link, useNavigate } from "react-router";
import { ASK_KIND_LABELS, askPath, type TAsk, type TAskDetail } from "../../../common/asks";
import { errorMessage } from "../../api/client";
import { FormError } from "../../components/FormError";
import { PageHeader } from "../../components/PageHeader";
import { formatDateTime, formatSize } from "../../lib/format";
import { notificationPermission, notifyIfHidden, playChime } from "./alert";
import { useCancelAsk, useReask } from "./api";
import { Countdown } from "./Countdown";
import { DEFAULT_DEADLINE, type DeadlineChoice, DeadlineField, deadlineOf, validateDeadlineAt } from "./DeadlineField";
import { AskStatusBadge, fileUrl, shownStatus, usePast, useRefetchWhenLate } from "./parts";
import { SecretPanel } from "./SecretPanel";
import { formatClock, formatSeconds } from "./time";

/**
 * The agent's side of one ask: what was asked, the countdown while the client has time, and —
 * the moment the answer arrives (live: the stream refetches this page) — a chime and, if this tab
 * is hidden, a browser notification; then the answer itself, or the sealed secret to reveal.
 */
export function StaffAskView({ detail, back }: { detail: TAskDetail; back: ReactNode }) {
  const { ask, views } = detail.data;
  const { policies } = detail;
  const late = usePast(ask.deadlineAt);
  const status = shownStatus(ask, late);
  useRefetchWhenLate(ask, late);
  useAnswerAlert(ask);

  return (
    <Stack gap="lg">
      <PageHeader
        title={`${ASK_KIND_LABELS[ask.kind]} for ${ask.account.name}`}
        above={back}
        description={
          <Group component="span" gap="xs" wrap="wrap">
            <AskStatusBadge status={status} staff />
            {ask.secret ? (
              <Badge variant="outline" color="gray" tt="none">
                Secret
              </Badge>
            ) : null}
            <span>
              Asked by {ask.askedBy.name} · {formatDateTime(ask.askedAt)}
            </span>
          </Group>
        }
        actions={<StaffActions ask={ask} cancel={policies.cancel && status === "open"} reask={policies.reask} />}
      />
      <Paper p={{ base: "md", sm: "lg" }} withBorder>
        <Stack gap="sm">
          <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
            <Stack gap={2} style={{ flex: "1 1 16rem", minWidth: 0 }}>
              <Text size="xs" fw={700} tt="uppercase" c="dimmed">
                What the client was asked
              </Text>
              <Title order={2} fz="lg" style={{ overflowWrap: "anywhere", whiteSpace: "pre-wrap" }}>
                {ask.prompt}
              </Title>
            </Stack>
            {status === "open" ? <Countdown deadline={ask.deadlineAt} size="lg" /> : null}
          </Group>
          <Text size="sm" c="dimmed">
            <Anchor component={Link} to={`/clients/${encodeURIComponent(ask.account.id)}`} size="sm" underline="always">
              {ask.account.name}
            </Anchor>{" "}
            · deadline {formatDateTime(ask.deadlineAt)}
          </Text>
          {ask.reaskedFrom ? (
            <Anchor component={Link} to={askPath(ask.reaskedFrom)} size="sm">
              This asks again: open the earlier request
            </Anchor>
          ) : null}
        </Stack>
      </Paper>
      {/* Announced when it changes: an answer arriving while a screen reader user waits. */}
      <div role="status" aria-live="polite">
        <Outcome ask={ask} status={status} />
      </div>
      {ask.status === "answered" && ask.secret ? <SecretPanel detail={detail} /> : null}
      {ask.status === "answered" && !ask.secret ? <PlainAnswer ask={ask} /> : null}
      {ask.secret && ask.status === "answered" ? <Views views={views} /> : null}
      {status === "open" ? <NotifyMeHint /> : null}
    </Stack>
  );
}

/** Plays the chime (and notifies a hidden tab) when this ask turns from open to answered while shown. */
function useAnswerAlert(ask: TAsk) {
  const seen = useRef(ask.status);
  useEffect(() => {
    const before = seen.current;
    seen.current = ask.status;
    if (before !== "open" || ask.status !== "answered") return;
    playChime();
    // The title and body name who answered and what was asked — never the answer.
    notifyIfHidden(`${ask.answeredBy?.name ?? "Your client"} answered`, `${ask.account.name}: ${ask.prompt}`, `ask-${ask.id}`);
  }, [ask.status, ask.answeredBy, ask.account.name, ask.prompt, ask.id]);
}

function Outcome({ ask, status }: { ask: TAsk; status: ReturnType<typeof shownStatus> }) {
  switch (status) {
    case "open":
      return (
        <Text size="sm" c="dimmed">
          Waiting for {ask.account.name}. This page updates by itself the moment they answer, with a sound.
        </Text>
      );
    case "answered": {
      const seconds = ask.answeredAt ? (Date.parse(ask.answeredAt) - Date.parse(ask.askedAt)) / 1000 : null;
      return (
        <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden="true" />} title="Answered" role="group">
          {ask.answeredBy?.name ?? "The client"} answered at {formatClock(ask.answeredAt)}
          {seconds !== null ? `, ${formatSeconds(seconds)} after you asked` : ""}.
        </Alert>
      );
    }
    case "expired":
      return (
        <Alert color="orange" variant="light" icon={<IconClockX aria-hidden="true" />} title="Expired" role="group">
          Nobody answered by {formatClock(ask.deadlineAt)}.{" "}
          {ask.reaskedBy ? "You asked again." : "Ask again if you still need it: the client sees the new request at once."}
          {ask.reaskedBy ? <NewerLink id={ask.reaskedBy} /> : null}
        </Alert>
      );
    case "cancelled":
      return (
        <Alert color="gray" variant="light" icon={<IconX aria-hidden="true" />} title="Cancelled" role="group">
          Cancelled at {formatClock(ask.cancelledAt)}; it left the client's dashboard.
          {ask.reaskedBy ? <NewerLink id={ask.reaskedBy} /> : null}
        </Alert>
      );
  }
}

function NewerLink({ id }: { id: string }) {
  return (
    <>
      {" "}
      <Anchor component={Link} to={askPath(id)} size="sm" fw={600}>
        Open the newer request
      </Anchor>
    </>
  );
}

/** A yes/no, a short answer not marked secret, a file: shown as it is. */
function PlainAnswer({ ask }: { ask: TAsk }) {
  return (
    <Paper p={{ base: "md", sm: "lg" }} withBorder>
      <Title order={2} fz="md" mb="sm">
        The answer
      </Title>
      {ask.answer?.confirm !== undefined ? (
        <Badge size="lg" color={ask.answer.confirm ? "green" : "red"} tt="none">
          {ask.answer.confirm ? "Yes, confirmed" : "No"}
        </Badge>
      ) : null}
      {ask.answer?.text !== undefined ? <Text style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{ask.answer.text}</Text> : null}
      {ask.file ? (
        <Group gap={6} wrap="nowrap">
          <IconPaperclip size={16} aria-hidden="true" />
          <Anchor href={fileUrl(ask.file.id)} style={{ overflowWrap: "anywhere" }}>
            {ask.file.name}
          </Anchor>
          <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
            {formatSize(ask.file.size)}
          </Text>
        </Group>
      ) : null}
    </Paper>
  );
}

/** Every reveal of the secret, oldest first: "Revealed by Alex Agent at 14:06". */
function Views({ views }: { views: TAskDetail["data"]["views"] }) {
  return (
    <Paper p={{ base: "md", sm: "lg" }} withBorder>
      <Title order={2} fz="md" mb="xs">
        Who has seen it
      </Title>
      {views.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nobody has revealed it yet.
        </Text>
      ) : (
        <Stack component="ul" gap={4} m={0} p={0} style={{ listStyle: "none" }} aria-label="Reveals">
          {views.map((view) => (
            <Text component="li" size="sm" key={`${view.by.id}-${view.at}`}>
              Revealed by {view.by.name} at <time dateTime={view.at}>{formatClock(view.at)}</time>
            </Text>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

/** While waiting: the chime plays in this tab; a notification also reaches it in the background, once allowed. */
function NotifyMeHint() {
  const [permission, setPermission] = useState(notificationPermission);
  if (permission !== "default") return null;
  return (
    <Group gap="sm" wrap="wrap">
      <Button
        variant="default"
        size="xs"
        leftSection={<IconBell size={14} aria-hidden="true" />}
        onClick={() => void Notification.requestPermission().then(setPermission, () => undefined)}
      >
        Notify me when this tab is in the background
      </Button>
    </Group>
  );
}

/** "Cancel ask" while it is open (with a confirmation) and "Ask again" once it is over — each only when allowed. */
function StaffActions({ ask, cancel, reask }: { ask: TAsk; cancel: boolean; reask: boolean }) {
  const [confirming, setConfirming] = useState(false);
  const [asking, setAsking] = useState(false);
  const cancelAsk = useCancelAsk(ask.id);
  if (!cancel && !reask) return null;
  return (
    <>
      {cancel ? (
        <Button color="red" variant="light" leftSection={<IconX size={16} aria-hidden="true" />} onClick={() => setConfirming(true)}>
          Cancel ask
        </Button>
      ) : null}
      {reask ? (
        <Button
          // After an answer, asking again is the exception; after an expiry, the next step.
          variant={ask.status === "answered" ? "default" : "filled"}
          leftSection={<IconRefresh size={16} aria-hidden="true" />}
          onClick={() => setAsking(true)}
        >
          Ask again
        </Button>
      ) : null}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Cancel this ask?">
        <Stack gap="md">
          <Text size="sm">It leaves {ask.account.name}'s dashboard at once and can no longer be answered. You can ask again later.</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(false)} disabled={cancelAsk.isPending}>
              Keep waiting
            </Button>
            <Button
              color="red"
              loading={cancelAsk.isPending}
              onClick={() =>
                cancelAsk.mutate(undefined, {
                  onSuccess: () => {
                    setConfirming(false);
                    notifications.show({ color: "green", title: "Ask cancelled", message: "It left the client's dashboard." });
                  },
                  onError: (e) => notifications.show({ color: "red", title: "Could not cancel", message: errorMessage(e) }),
                })
              }
            >
              Cancel ask
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal opened={asking} onClose={() => setAsking(false)} title="Ask again">
        {asking ? <ReaskForm ask={ask} onCancel={() => setAsking(false)} /> : null}
      </Modal>
    </>
  );
}

/** The same question with a new deadline; on success the new ask's page opens. */
function ReaskForm({ ask, onCancel }: { ask: TAsk; onCancel: () => void }) {
  const reask = useReask(ask.id);
  const navigate = useNavigate();
  const [choice, setChoice] = useState<DeadlineChoice>(DEFAULT_DEADLINE);
  const [at, setAt] = useState("");
  const [atError, setAtError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  return (
    <form
      noValidate
      aria-label="Ask again"
      onSubmit={(event) => {
        event.preventDefault();
        const invalid = validateDeadlineAt(choice, at);
        setAtError(invalid);
        if (invalid) return;
        setFormError(null);
        reask.mutate(deadlineOf(choice, at), {
          onSuccess: (body) => {
            notifications.show({ color: "green", title: "Asked again", message: `${ask.account.name} sees it on their dashboard now.` });
            void navigate(askPath(body.data.id));
          },
          onError: (e) => setFormError(errorMessage(e)),
        });
      }}
    >
      <Stack gap="md">
        <FormError message={formError} />
        <Text size="sm" style={{ overflowWrap: "anywhere" }}>
          {ask.account.name} is asked again: “{ask.prompt}”
        </Text>
        <DeadlineField choice={choice} onChoice={setChoice} at={at} onAt={setAt} atError={atError} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={reask.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={reask.isPending}>
            Ask again
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
