import { Alert, Button, CopyButton, Group, Modal, Paper, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCheck, IconCopy, IconEye, IconLock, IconTrash } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import type { TAskDetail } from "../../../common/asks";
import { errorMessage } from "../../api/client";
import { useMarkUsed, useRevealSecret } from "./api";
import { Countdown } from "./Countdown";
import { formatClock } from "./time";

interface Revealed {
  secret: string;
  until: string;
}

/**
 * Staff: a secret answer. Sealed: "Reveal code" (each reveal recorded) shows it large with a
 * one-click copy until its retention ends, and "Mark as used" purges it now. Purged: when and why.
 * The revealed secret lives only in this component's state — never in the query cache.
 */
export function SecretPanel({ detail }: { detail: TAskDetail }) {
  const { ask } = detail.data;
  const { policies } = detail;
  const reveal = useRevealSecret(ask.id);
  const markUsed = useMarkUsed(ask.id);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [confirmUsed, setConfirmUsed] = useState(false);
  const noun = ask.kind === "code" ? "code" : "answer";

  // Purged (marked used here or elsewhere, or its time ran out): forget the copy held here too.
  useEffect(() => {
    if (ask.secretState !== "sealed") setRevealed(null);
  }, [ask.secretState]);

  if (ask.secretState === "purged") {
    const at = ask.secretPurgedAt ?? ask.secretUsedAt;
    return (
      <Alert color="gray" variant="light" icon={<IconTrash aria-hidden="true" />}>
        The {noun} was deleted at {formatClock(at)} ({ask.secretUsedAt ? "after use" : "when its time ran out"}). Nobody can see it any
        more.
      </Alert>
    );
  }

  if (!policies.reveal) {
    return (
      <Alert color="gray" variant="light" icon={<IconLock aria-hidden="true" />} title={`The ${noun} is kept secret`}>
        Only the agent who asked, or an admin, can reveal it.
        {ask.secretUntil ? ` It is deleted at ${formatClock(ask.secretUntil)}.` : ""}
      </Alert>
    );
  }

  const doReveal = () =>
    reveal.mutate(undefined, {
      onSuccess: (body) => setRevealed(body.data),
      onError: (e) => notifications.show({ color: "red", title: `Could not reveal the ${noun}`, message: errorMessage(e) }),
    });
  const doMarkUsed = () =>
    markUsed.mutate(undefined, {
      onSuccess: () => {
        setConfirmUsed(false);
        setRevealed(null);
        notifications.show({ color: "green", title: `The ${noun} was deleted`, message: "Marked as used: nobody can see it any more." });
      },
      onError: (e) => notifications.show({ color: "red", title: "Could not mark it used", message: errorMessage(e) }),
    });

  return (
    <Paper p={{ base: "md", sm: "lg" }} withBorder>
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} fz="md">
            {ask.kind === "code" ? "The code" : "The answer"}
          </Title>
          {ask.secretUntil ? (
            <Countdown
              deadline={ask.secretUntil}
              suffix="until it is deleted"
              expiredLabel="Deleted"
              size="xs"
              // Its time is up: the server purges it; stop showing the copy held here.
              onExpire={() => setRevealed(null)}
            />
          ) : null}
        </Group>
        {revealed ? (
          <Stack gap="xs">
            <Group gap="sm" wrap="wrap" align="center">
              <Text
                data-testid="ask-secret"
                fz={ask.kind === "code" ? { base: 30, sm: 40 } : "lg"}
                fw={700}
                ff="monospace"
                style={{ letterSpacing: ask.kind === "code" ? "0.12em" : undefined, overflowWrap: "anywhere", whiteSpace: "pre-wrap" }}
              >
                {revealed.secret}
              </Text>
              <CopyButton value={revealed.secret} timeout={2000}>
                {({ copied, copy }) => (
                  <Button
                    variant={copied ? "light" : "filled"}
                    color={copied ? "green" : undefined}
                    leftSection={copied ? <IconCheck size={16} aria-hidden="true" /> : <IconCopy size={16} aria-hidden="true" />}
                    onClick={copy}
                    aria-live="polite"
                  >
                    {copied ? "Copied" : "Copy"}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Text size="sm" c="dimmed">
              Shown until {formatClock(revealed.until)} — then deleted. Mark it as used once you have entered it.
            </Text>
          </Stack>
        ) : (
          <Text size="sm">
            Sealed: revealing it is recorded below. It is deleted at {formatClock(ask.secretUntil)}, or as soon as you mark it used.
          </Text>
        )}
        <Group gap="sm" wrap="wrap">
          {revealed ? (
            <Button variant="default" leftSection={<IconLock size={16} aria-hidden="true" />} onClick={() => setRevealed(null)}>
              Hide
            </Button>
          ) : (
            <Button leftSection={<IconEye size={16} aria-hidden="true" />} loading={reveal.isPending} onClick={doReveal}>
              {ask.kind === "code" ? "Reveal code" : "Reveal answer"}
            </Button>
          )}
          {policies.markUsed ? (
            <Button
              variant="light"
              color="red"
              leftSection={<IconTrash size={16} aria-hidden="true" />}
              onClick={() => setConfirmUsed(true)}
              loading={markUsed.isPending}
            >
              Mark as used
            </Button>
          ) : null}
        </Group>
      </Stack>
      <Modal opened={confirmUsed} onClose={() => setConfirmUsed(false)} title={`Delete the ${noun} now?`}>
        <Stack gap="md">
          <Text size="sm">
            It is deleted for good: nobody, you included, can reveal it again. The client would have to answer a new request.
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirmUsed(false)} disabled={markUsed.isPending}>
              Keep it for now
            </Button>
            <Button color="red" onClick={doMarkUsed} loading={markUsed.isPending}>
              Mark as used
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
