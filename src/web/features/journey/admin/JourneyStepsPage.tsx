/** Admin: the journey steps every client sees — words, button, how each completes, order, on/off. */
import {
  ActionIcon,
  Badge,
  Button,
  Flex,
  Group,
  Modal,
  Paper,
  Select,
  Skeleton,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconPencil, IconPlus, IconRoute, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { JOURNEY_RULE_KEYS, JOURNEY_RULES, type TJourneyRule, type TJourneyStep } from "../../../../common/journey";
import { ApiError, errorMessage } from "../../../api/client";
import { UpDownButtons } from "../../../components/OrderedListAdmin";
import { PageHeader } from "../../../components/PageHeader";
import { EmptyState, QueryError } from "../../../components/States";
import { useAdminJourneySteps, useCreateJourneyStep, useDeleteJourneyStep, useReorderJourneySteps, useUpdateJourneyStep } from "../api";

const RULE_OPTIONS = JOURNEY_RULE_KEYS.map((rule) => ({ value: rule, label: JOURNEY_RULES[rule].label }));

interface Draft {
  title: string;
  body: string;
  actionLabel: string;
  actionPath: string;
  rule: TJourneyRule;
}
const EMPTY: Draft = { title: "", body: "", actionLabel: "", actionPath: "", rule: "manual" };

/** The same checks the server makes, beside the field; the server's answer is shown the same way. */
function problems(d: Draft): Partial<Record<keyof Draft, string>> {
  const out: Partial<Record<keyof Draft, string>> = {};
  if (!d.title.trim()) out.title = "Enter the step's title.";
  const label = d.actionLabel.trim();
  const path = d.actionPath.trim();
  if (label && !path) out.actionPath = "Give the button a path inside the portal, such as /onboarding.";
  if (path && !label) out.actionLabel = "Give the button its words, such as “Open the form”.";
  if (path && !/^\/(?:[^/\\\s][^\s]*)?$/.test(path))
    out.actionPath = "Use a path inside the portal that starts with “/”, such as /onboarding.";
  return out;
}

function StepModal({ step, onClose }: { step: TJourneyStep | null; onClose: () => void }) {
  const [draft, setDraft] = useState<Draft>(
    step
      ? { title: step.title, body: step.body, actionLabel: step.actionLabel ?? "", actionPath: step.actionPath ?? "", rule: step.rule }
      : EMPTY,
  );
  const [errors, setErrors] = useState<Partial<Record<keyof Draft | "form", string>>>({});
  const create = useCreateJourneyStep();
  const update = useUpdateJourneyStep();
  const set = (field: keyof Draft) => (value: string) => setDraft((d) => ({ ...d, [field]: value }));
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const found = problems(draft);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const body = {
      title: draft.title.trim(),
      body: draft.body.trim(),
      actionLabel: draft.actionLabel.trim() || null,
      actionPath: draft.actionPath.trim() || null,
      rule: draft.rule,
    };
    const done = () => {
      notifications.show({ color: "green", title: step ? "Step saved" : "Step added", message: body.title });
      onClose();
    };
    const failed = (e: unknown) => {
      const field = e instanceof ApiError && e.field && e.field in EMPTY ? (e.field as keyof Draft) : "form";
      setErrors({ [field]: errorMessage(e) });
    };
    if (step) update.mutate({ id: step.id, ...body }, { onSuccess: done, onError: failed });
    else create.mutate(body, { onSuccess: done, onError: failed });
  };
  return (
    <Modal opened onClose={onClose} title={step ? `Edit “${step.title}”` : "Add a step"} centered size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label="Title"
            value={draft.title}
            onChange={(e) => set("title")(e.currentTarget.value)}
            error={errors.title}
            maxLength={120}
            required
            data-autofocus
          />
          <Textarea
            label="Text"
            description="What the client reads under the title."
            value={draft.body}
            onChange={(e) => set("body")(e.currentTarget.value)}
            autosize
            minRows={3}
            maxLength={2000}
          />
          <Flex direction={{ base: "column", sm: "row" }} gap="md">
            <TextInput
              label="Button label"
              placeholder="e.g. Open the form"
              value={draft.actionLabel}
              onChange={(e) => set("actionLabel")(e.currentTarget.value)}
              error={errors.actionLabel}
              maxLength={60}
              style={{ flex: 1 }}
            />
            <TextInput
              label="Button goes to"
              placeholder="/onboarding"
              description="A path inside the portal, starting with “/”."
              value={draft.actionPath}
              onChange={(e) => set("actionPath")(e.currentTarget.value)}
              error={errors.actionPath}
              maxLength={200}
              style={{ flex: 1 }}
            />
          </Flex>
          <Select
            label="Completes"
            data={RULE_OPTIONS}
            value={draft.rule}
            onChange={(v) => v && set("rule")(v)}
            description={JOURNEY_RULES[draft.rule].description}
            allowDeselect={false}
          />
          {errors.form ? (
            <Text c="red" size="sm" role="alert">
              {errors.form}
            </Text>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending}>
              {step ? "Save step" : "Add step"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function JourneyStepsPage() {
  const query = useAdminJourneySteps();
  const update = useUpdateJourneyStep();
  const reorder = useReorderJourneySteps();
  const remove = useDeleteJourneyStep();
  const [editing, setEditing] = useState<TJourneyStep | "new" | null>(null);
  const [deleting, setDeleting] = useState<TJourneyStep | null>(null);
  const steps = [...(query.data?.data ?? [])].sort((a, b) => a.position - b.position);
  const fail = (e: unknown) => notifications.show({ color: "red", title: "Could not save the change", message: errorMessage(e) });
  const move = (index: number, by: -1 | 1) => {
    const ids = steps.map((s) => s.id);
    const [a, b] = [ids[index], ids[index + by]];
    if (!a || !b) return;
    ids[index] = b;
    ids[index + by] = a;
    reorder.mutate(ids, { onError: fail });
  };
  return (
    <>
      <PageHeader
        title="Journey steps"
        description="The steps every client sees on their dashboard, in this order: what each says, where its button goes and how it completes. Steps turned off are hidden from clients."
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => setEditing("new")}>
            Add step
          </Button>
        }
      />
      <Paper px="lg" py="xs">
        {query.isPending ? (
          <Stack gap="sm" py="sm" aria-busy="true" aria-label="Loading journey steps">
            <Skeleton h={40} />
            <Skeleton h={40} />
            <Skeleton h={40} />
          </Stack>
        ) : query.isError ? (
          <QueryError error={query.error} onRetry={() => void query.refetch()} />
        ) : steps.length === 0 ? (
          <EmptyState title="No steps yet" icon={<IconRoute size={26} />} withBorder={false}>
            Add the steps your clients go through.
          </EmptyState>
        ) : (
          <Stack component="ol" gap={0} m={0} p={0} style={{ listStyle: "none" }} aria-label="Journey steps, in the order clients see them">
            {steps.map((step, index) => (
              <Flex
                component="li"
                key={step.id}
                direction={{ base: "column", sm: "row" }}
                align={{ base: "stretch", sm: "center" }}
                justify="space-between"
                gap="sm"
                py="sm"
                style={{ borderTop: index ? "1px solid var(--mantine-color-gray-2)" : undefined }}
              >
                <Stack gap={2} style={{ flex: "1 1 auto", minWidth: 0 }}>
                  <Group gap="xs">
                    <Text fw={600} size="sm" c={step.enabled ? undefined : "dimmed"} style={{ overflowWrap: "anywhere" }}>
                      {step.title}
                    </Text>
                    {step.builtIn ? (
                      <Badge color="gray" variant="light">
                        Built in
                      </Badge>
                    ) : null}
                    {step.enabled ? null : <Badge color="gray">Off</Badge>}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {JOURNEY_RULES[step.rule].label}
                    {step.actionLabel && step.actionPath ? ` · Button “${step.actionLabel}” → ${step.actionPath}` : " · No button"}
                  </Text>
                </Stack>
                <Group gap={4} wrap="nowrap" justify="flex-end" style={{ flexShrink: 0 }}>
                  <UpDownButtons
                    name={step.title}
                    index={index}
                    count={steps.length}
                    disabled={reorder.isPending}
                    onMove={(by) => move(index, by)}
                  />
                  <ActionIcon variant="subtle" color="gray" aria-label={`Edit ${step.title}`} onClick={() => setEditing(step)}>
                    <IconPencil size={16} aria-hidden="true" />
                  </ActionIcon>
                  {step.builtIn ? null : (
                    <ActionIcon variant="subtle" color="red" aria-label={`Delete ${step.title}`} onClick={() => setDeleting(step)}>
                      <IconTrash size={16} aria-hidden="true" />
                    </ActionIcon>
                  )}
                  <Switch
                    ml="xs"
                    aria-label={`${step.title} shown to clients`}
                    checked={step.enabled}
                    onChange={(e) => update.mutate({ id: step.id, enabled: e.currentTarget.checked }, { onError: fail })}
                  />
                </Group>
              </Flex>
            ))}
          </Stack>
        )}
      </Paper>
      {editing ? <StepModal step={editing === "new" ? null : editing} onClose={() => setEditing(null)} /> : null}
      {deleting ? (
        <Modal opened onClose={() => setDeleting(null)} title={`Delete “${deleting.title}”?`} centered>
          <Stack gap="md">
            <Text size="sm">Clients stop seeing this step, and the moves staff recorded on it are removed (the audit log keeps them).</Text>
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => setDeleting(null)}>
                Cancel
              </Button>
              <Button
                color="red"
                loading={remove.isPending}
                onClick={() =>
                  remove.mutate(deleting.id, {
                    onSuccess: () => {
                      notifications.show({ color: "green", title: "Step deleted", message: deleting.title });
                      setDeleting(null);
                    },
                    onError: fail,
                  })
                }
              >
                Delete step
              </Button>
            </Group>
          </Stack>
        </Modal>
      ) : null}
    </>
  );
}
