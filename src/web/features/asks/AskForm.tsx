import { Button, Group, Modal, Radio, SimpleGrid, Stack, Switch, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useNavigate } from "react-router";
import { ASK_KIND_LABELS, ASK_KINDS, askPath, MAX_ASK_PROMPT, type TAskKind } from "../../../common/asks";
import { ClientSelect } from "../../components/ClientSelect";
import { FormError } from "../../components/FormError";
import { applyServerError } from "../../lib/forms";
import { atMost } from "../../lib/limits";
import { useCreateAsk } from "./api";
import { DEFAULT_DEADLINE, type DeadlineChoice, DeadlineField, deadlineOf, validateDeadlineAt } from "./DeadlineField";

interface Values {
  accountId: string;
  kind: TAskKind;
  prompt: string;
  secret: boolean;
  deadline: DeadlineChoice;
  deadlineAt: string;
}

/** What the agent might write, per kind: an example, not a default. */
const PROMPT_EXAMPLES: Record<TAskKind, string> = {
  code: "LinkedIn just texted a six-digit code to your phone. Please enter it here.",
  confirm: "Shall we submit the application to Acme Ltd today?",
  text: "Which email address should we use for the Indeed profile?",
  file: "Please upload your latest CV as a PDF.",
};

interface NewAskModalProps {
  opened: boolean;
  onClose: () => void;
  /** The account to ask (from its page); the agent can still change it. */
  accountId?: string;
}

/** "New ask": which client, what kind, the prompt, whether it is secret, and by when — in a dialog. */
export function NewAskModal({ opened, onClose, accountId }: NewAskModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="New ask" size="lg">
      {/* Mounted only while open: every opening starts from an empty form. */}
      {opened ? <NewAskForm onCancel={onClose} accountId={accountId} /> : null}
    </Modal>
  );
}

function NewAskForm({ onCancel, accountId }: { onCancel: () => void; accountId?: string }) {
  const create = useCreateAsk();
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    mode: "controlled",
    initialValues: { accountId: accountId ?? "", kind: "code", prompt: "", secret: true, deadline: DEFAULT_DEADLINE, deadlineAt: "" },
    validate: {
      accountId: (v) => (v ? null : "Choose the client account to ask."),
      prompt: (v) => (!v.trim() ? "Write what the client should do." : v.trim().length > MAX_ASK_PROMPT ? atMost(MAX_ASK_PROMPT) : null),
      deadlineAt: (v, values) => validateDeadlineAt(values.deadline, v),
    },
  });
  const { kind } = form.values;

  const submit = form.onSubmit(
    (values) => {
      setFormError(null);
      create.mutate(
        {
          accountId: values.accountId,
          kind: values.kind,
          prompt: values.prompt.trim(),
          ...(values.kind === "text" ? { secret: values.secret } : {}),
          ...deadlineOf(values.deadline, values.deadlineAt),
        },
        {
          onSuccess: (body) => {
            notifications.show({ color: "green", title: "Asked", message: `${body.data.account.name} sees it on their dashboard now.` });
            void navigate(askPath(body.data.id));
          },
          // The server names the field it refuses; `minutes` belongs to the deadline choice.
          onError: (error) => setFormError(applyServerError(form, error, { minutes: "deadline" })),
        },
      );
    },
    // The dialog sits outside <main>: focus its first field to fix here.
    () => requestAnimationFrame(() => document.querySelector<HTMLElement>('[role="dialog"] [aria-invalid="true"]')?.focus()),
  );

  return (
    <form onSubmit={submit} noValidate aria-label="New ask">
      <Stack gap="md">
        <FormError message={formError} />
        <ClientSelect
          label="Client account"
          required
          value={form.values.accountId}
          onChange={(v) => form.setFieldValue("accountId", v)}
          error={form.errors.accountId}
        />
        <Radio.Group label="What you need" {...form.getInputProps("kind")}>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" verticalSpacing="xs" mt="xs">
            {ASK_KINDS.map((k) => (
              <Radio key={k} value={k} label={ASK_KIND_LABELS[k]} />
            ))}
          </SimpleGrid>
        </Radio.Group>
        <Textarea
          label="What the client should do"
          description="In your words: the client reads it on their dashboard, by email and on their phone."
          placeholder={PROMPT_EXAMPLES[kind]}
          required
          autosize
          minRows={2}
          maxRows={6}
          maxLength={MAX_ASK_PROMPT}
          {...form.getInputProps("prompt")}
        />
        {kind === "code" || kind === "text" ? (
          <Switch
            label="Keep the answer secret"
            description={
              kind === "code"
                ? "Always on for a one-time code: only you and the admins can reveal it, each time recorded, and it is deleted after use."
                : "Only you and the admins can reveal it, each time recorded, and it is deleted after use."
            }
            checked={kind === "code" ? true : form.values.secret}
            disabled={kind === "code"}
            onChange={(event) => form.setFieldValue("secret", event.currentTarget.checked)}
          />
        ) : null}
        <DeadlineField
          choice={form.values.deadline}
          onChoice={(v) => form.setFieldValue("deadline", v)}
          at={form.values.deadlineAt}
          onAt={(v) => form.setFieldValue("deadlineAt", v)}
          atError={form.errors.deadlineAt}
          choiceError={form.errors.deadline}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={create.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Ask the client
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
