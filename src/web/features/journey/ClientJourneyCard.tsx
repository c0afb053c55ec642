/** A client's journey on the staff client page: each step's state, and moving the client on or back with a reason. */
import { Badge, Button, Group, Modal, Paper, Skeleton, Stack, Text, Textarea, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import type { TClientJourneyStep, TMoveJourneyStepRequest } from "../../../common/journey";
import { errorMessage } from "../../api/client";
import { QueryError } from "../../components/States";
import { formatDate, formatDateTime } from "../../lib/format";
import { useAccountJourney, useMoveStep } from "./api";

const STATE_BADGE = {
  done: { color: "green", label: "Done" },
  current: { color: "indigo", label: "Current" },
  upcoming: { color: "gray", label: "Upcoming" },
} as const;

const MOVE_WORDS: Record<TMoveJourneyStepRequest["to"], { title: string; button: string; done: string }> = {
  done: { title: "Mark done", button: "Mark done", done: "Step marked done" },
  not_done: { title: "Move back", button: "Move back", done: "Client moved back" },
  auto: { title: "Let the rule decide", button: "Use the automatic rule", done: "Step handed back to its rule" },
};

interface Move {
  step: TClientJourneyStep;
  to: TMoveJourneyStepRequest["to"];
}

function MoveModal({ accountId, move, onClose }: { accountId: string; move: Move; onClose: () => void }) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const mutation = useMoveStep(accountId);
  const words = MOVE_WORDS[move.to];
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) return setError("Say why, for the record.");
    mutation.mutate(
      { stepId: move.step.id, to: move.to, reason: reason.trim() },
      {
        onSuccess: () => {
          notifications.show({ color: "green", title: words.done, message: move.step.title });
          onClose();
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title={`${words.title}: ${move.step.label} · ${move.step.title}`} centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Textarea
            label="Reason"
            description="Kept with the client's journey for the agency; the client is not shown it."
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={error}
            autosize
            minRows={3}
            maxLength={1000}
            required
            data-autofocus
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {words.button}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function StepRow({ step, onMove }: { step: TClientJourneyStep; onMove: (to: Move["to"]) => void }) {
  const badge = STATE_BADGE[step.state];
  return (
    <Stack gap={4} component="li" py="sm" style={{ borderTop: "1px solid var(--mantine-color-gray-2)" }}>
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Group gap="xs" style={{ minWidth: 0 }}>
          <Text fw={600} size="sm" style={{ overflowWrap: "anywhere" }}>
            {step.label} · {step.title}
          </Text>
          <Badge color={badge.color}>{badge.label}</Badge>
        </Group>
        <Group gap="xs">
          {step.policies.markDone ? (
            <Button size="xs" variant="light" onClick={() => onMove("done")}>
              Mark done
            </Button>
          ) : null}
          {step.policies.moveBack ? (
            <Button size="xs" variant="default" onClick={() => onMove("not_done")}>
              Move back
            </Button>
          ) : null}
          {step.policies.useAutomatic ? (
            <Button size="xs" variant="subtle" onClick={() => onMove("auto")}>
              Use automatic rule
            </Button>
          ) : null}
        </Group>
      </Group>
      {step.doneAt ? (
        <Text size="xs" c="dimmed">
          Done {formatDate(step.doneAt)}
        </Text>
      ) : null}
      {step.override ? (
        <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
          {step.override.to === "done" ? "Marked done" : "Moved back"} by {step.override.by} on {formatDateTime(step.override.at)}: “
          {step.override.reason}”
        </Text>
      ) : null}
    </Stack>
  );
}

/** For the staff client page: the client's steps with their state, and the moves the viewer may make. */
export function ClientJourneyCard({ accountId }: { accountId: string }) {
  const query = useAccountJourney(accountId);
  const [move, setMove] = useState<Move | null>(null);
  const journey = query.data?.data;
  return (
    <Paper p="lg">
      <Title order={2} fz="md">
        Client journey
      </Title>
      {query.isPending ? (
        <Stack gap="sm" mt="md" aria-busy="true" aria-label="Loading the client's journey">
          <Skeleton h={28} />
          <Skeleton h={28} />
          <Skeleton h={28} />
        </Stack>
      ) : query.isError || !journey ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} title="Could not load the journey" />
      ) : (
        <>
          <Text size="sm" c="dimmed" mb="sm">
            {journey.next.text} {journey.currentStepId ? `Since ${formatDate(journey.since)}.` : null}
          </Text>
          <Stack component="ol" gap={0} m={0} p={0} style={{ listStyle: "none" }} aria-label="Journey steps">
            {journey.steps.map((step) => (
              <StepRow key={step.id} step={step} onMove={(to) => setMove({ step, to })} />
            ))}
          </Stack>
        </>
      )}
      {move ? <MoveModal accountId={accountId} move={move} onClose={() => setMove(null)} /> : null}
    </Paper>
  );
}
