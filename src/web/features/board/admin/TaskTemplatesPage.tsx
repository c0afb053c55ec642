import { Badge, Box, Button, Group, Modal, NativeSelect, Paper, Skeleton, Stack, Switch, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconPencil, IconPlus, IconTemplate } from "@tabler/icons-react";
import { useState } from "react";
import type { TTaskTemplate } from "../../../../common/board";
import { ZSaveTaskTemplateRequest } from "../../../../common/board";
import { errorMessage } from "../../../api/client";
import { FormError } from "../../../components/FormError";
import { MarkdownField } from "../../../components/MarkdownField";
import { byPosition, swapWithNeighbour, UpDownButtons } from "../../../components/OrderedListAdmin";
import { PageHeader } from "../../../components/PageHeader";
import { EmptyState, QueryError } from "../../../components/States";
import { applyServerError } from "../../../lib/forms";
import { atMost, maxLengthOf } from "../../../lib/limits";
import { useAdminTemplates, useRequestTypes, useSaveTemplate } from "../api";

const NAME_MAX = maxLengthOf(ZSaveTaskTemplateRequest, "name");
const SUMMARY_MAX = maxLengthOf(ZSaveTaskTemplateRequest, "summary");
const DETAILS_MAX = maxLengthOf(ZSaveTaskTemplateRequest, "description");

interface Values {
  name: string;
  summary: string;
  description: string;
  /** "" when the client chooses the type. */
  requestTypeId: string;
}

/** Create (no `template`) or edit a task template. */
function EditorModal({ template, onClose }: { template: TTaskTemplate | null; onClose: () => void }) {
  const save = useSaveTemplate();
  const types = useRequestTypes();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    mode: "controlled",
    initialValues: {
      name: template?.name ?? "",
      summary: template?.summary ?? "",
      description: template?.description ?? "",
      requestTypeId: template?.requestType?.id ?? "",
    },
    validate: {
      name: (value) => (!value.trim() ? "Enter a name." : value.trim().length > NAME_MAX ? atMost(NAME_MAX, "the name") : null),
      summary: (value) =>
        !value.trim() ? "Enter a summary." : value.trim().length > SUMMARY_MAX ? atMost(SUMMARY_MAX, "the summary") : null,
      description: (value) => (value.length > DETAILS_MAX ? atMost(DETAILS_MAX, "the details") : null),
    },
  });

  // Only enabled types can be chosen; the template's own type stays listed even when disabled.
  const enabled = types.data?.data ?? [];
  const current = template?.requestType ?? null;
  const typeOptions = [
    { value: "", label: "Client chooses" },
    ...enabled.map((type) => ({ value: type.id, label: type.name })),
    ...(current && !enabled.some((type) => type.id === current.id)
      ? [{ value: current.id, label: types.isSuccess ? `${current.name} (disabled)` : current.name }]
      : []),
  ];

  const submit = form.onSubmit((values) => {
    setFormError(null);
    const name = values.name.trim();
    save.mutate(
      {
        id: template?.id,
        name,
        summary: values.summary.trim(),
        description: values.description,
        requestTypeId: values.requestTypeId || null,
      },
      {
        onSuccess: () => {
          notifications.show({ color: "green", title: template ? "Template saved" : "Template added", message: name });
          onClose();
        },
        onError: (error) => setFormError(applyServerError(form, error)),
      },
    );
  });

  return (
    <Modal opened onClose={onClose} title={template ? "Edit template" : "New template"} centered size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError message={formError} />
          <TextInput
            label="Name"
            description="Shown at the top of REQUESTED WORK as “Template Task – <name>”."
            required
            maxLength={NAME_MAX}
            data-autofocus
            {...form.getInputProps("name")}
          />
          <TextInput
            label="Summary"
            description="Pre-filled into the new task's summary box; the client types over it."
            required
            maxLength={SUMMARY_MAX}
            {...form.getInputProps("summary")}
          />
          <NativeSelect
            label="Request type"
            description="Fixes the type of work for tasks made from this template, or leaves the choice to the client."
            data={typeOptions}
            {...form.getInputProps("requestTypeId")}
          />
          <MarkdownField
            label="Details"
            description="Pre-filled into the new task's description, e.g. the questions the client should answer."
            minRows={8}
            value={form.values.description}
            onChange={(value) => form.setFieldValue("description", value)}
            error={form.errors.description}
            onSubmitShortcut={() => submit()}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {template ? "Save changes" : "Add template"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function TemplateRows({ templates, onEdit }: { templates: TTaskTemplate[]; onEdit: (template: TTaskTemplate) => void }) {
  const save = useSaveTemplate();
  const fail = (e: unknown) => notifications.show({ color: "red", title: "Could not save the change", message: errorMessage(e) });

  /** Swaps positions with the neighbour (two writes, so either reading of `position` works). */
  const move = async (index: number, by: -1 | 1) => {
    const writes = swapWithNeighbour(templates, index, by);
    if (!writes) return;
    try {
      await save.mutateAsync(writes[0]);
      await save.mutateAsync(writes[1]);
    } catch (e) {
      fail(e);
    }
  };

  return (
    <Stack component="ol" gap="sm" m={0} p={0} style={{ listStyle: "none" }} aria-label="Task templates, in the order clients see them">
      {templates.map((template, index) => (
        <Paper component="li" key={template.id} p="md">
          <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
            <Box style={{ flex: "1 1 240px", minWidth: 0 }}>
              <Group gap="xs" wrap="nowrap" align="flex-start">
                <Title
                  order={2}
                  fz="sm"
                  fw={600}
                  c={template.disabled ? "dimmed" : undefined}
                  style={{ minWidth: 0, overflowWrap: "anywhere" }}
                >
                  {template.name}
                </Title>
                {template.disabled ? (
                  <Badge color="gray" style={{ flexShrink: 0 }}>
                    Disabled
                  </Badge>
                ) : null}
              </Group>
              <Text size="sm" c="dimmed" lineClamp={2} mt={4} style={{ overflowWrap: "anywhere" }}>
                {template.summary}
              </Text>
              <Text size="xs" c="dimmed" mt={4} style={{ overflowWrap: "anywhere" }}>
                Request type: {template.requestType ? template.requestType.name : "client chooses"}
              </Text>
            </Box>
            <Group gap={4} wrap="nowrap" ml="auto">
              <UpDownButtons
                name={template.name}
                index={index}
                count={templates.length}
                disabled={save.isPending}
                onMove={(by) => void move(index, by)}
              />
              <Button
                variant="default"
                size="xs"
                ml={4}
                leftSection={<IconPencil size={14} aria-hidden="true" />}
                onClick={() => onEdit(template)}
                aria-label={`Edit ${template.name}`}
              >
                Edit
              </Button>
              <Switch
                ml="xs"
                aria-label={`${template.name} enabled`}
                checked={!template.disabled}
                onChange={(event) => {
                  const enabled = event.currentTarget.checked;
                  save.mutate(
                    { id: template.id, disabled: !enabled },
                    {
                      onError: fail,
                      onSuccess: () =>
                        notifications.show({
                          color: "green",
                          title: enabled ? "Template enabled" : "Template disabled",
                          message: template.name,
                        }),
                    },
                  );
                }}
              />
            </Group>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

export function TaskTemplatesPage() {
  const templates = useAdminTemplates();
  const [editing, setEditing] = useState<TTaskTemplate | "new" | null>(null);
  const sorted = [...(templates.data?.data ?? [])].sort(byPosition);
  const newButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => setEditing("new")}>
      New template
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Task templates"
        description="Templates appear at the top of the REQUESTED WORK column, in this order, as “Template Task – <name>”. Clients open one and click “+Create task from Template” to start a task already filled in."
        actions={newButton}
      />
      {templates.isPending ? (
        <Stack gap="sm" aria-busy="true" aria-label="Loading task templates">
          <Skeleton h={96} radius="md" />
          <Skeleton h={96} radius="md" />
        </Stack>
      ) : templates.isError ? (
        <QueryError error={templates.error} onRetry={() => void templates.refetch()} />
      ) : sorted.length === 0 ? (
        <EmptyState title="No task templates yet" icon={<IconTemplate size={26} />} action={newButton}>
          Give clients a head start on the work they ask for often, with a summary and the questions you need answered.
        </EmptyState>
      ) : (
        <TemplateRows templates={sorted} onEdit={setEditing} />
      )}
      {editing ? <EditorModal template={editing === "new" ? null : editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}
