import { Alert, Badge, Button, Grid, Group, Modal, NativeSelect, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconArchive, IconArrowsMove, IconChecks, IconEdit, IconLock, IconRefresh } from "@tabler/icons-react";
import { useState } from "react";
import { useParams } from "react-router";
import { STAGE_CLIENT_ACTION, STAGE_LABELS, STAGE_PURPOSE, type TTaskDetail, ZUpdateTaskRequest } from "../../../common/board";
import { useReferences } from "../../api/branding";
import { errorMessage } from "../../api/client";
import { isStaff, useMe, useSession } from "../../api/session";
import { detailStates } from "../../components/DetailStates";
import { FormError } from "../../components/FormError";
import { Markdown } from "../../components/Markdown";
import { MarkdownField } from "../../components/MarkdownField";
import { PageHeader } from "../../components/PageHeader";
import { applyServerError } from "../../lib/forms";
import { atMost, maxLengthOf } from "../../lib/limits";
import { TaskInvoicePanel } from "../billing/TaskInvoice";
import { useMarkReadOnOpen } from "../notifications/api";
import { useArchiveTask, useRequestTypes, useTask, useUpdateTask } from "./api";
import { ReviewSummary } from "./ReviewSummary";
import { MoveMenu } from "./TaskCard";
import { TaskCommentBox, TaskTimeline } from "./TaskConversation";
import { ApprovalPanel, QuotePanel, TaskFacts } from "./TaskPanels";
import { backToBoard } from "./TemplatePage";
import { useTaskMover } from "./useTaskMover";
import { deadlineState, formatDay, ownerLabel, STAGE_COLORS } from "./words";

const SUMMARY_MAX = maxLengthOf(ZUpdateTaskRequest, "summary");

type Detail = TTaskDetail["data"];

/**
 * Editing a task. Once the client accepted its quote the summary and description are the agreed
 * scope (`policies.changeScope` false): they are shown, not editable, with the reason.
 */
function EditTaskModal({ data, scopeLocked, onClose }: { data: Detail; scopeLocked: boolean; onClose: () => void }) {
  const update = useUpdateTask(data.task.id);
  const reference = useReferences().task(data.task.number);
  const types = useRequestTypes();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: "controlled",
    initialValues: {
      summary: data.task.summary,
      requestTypeId: data.task.requestType?.id ?? "",
      deadline: data.task.deadline ?? "",
      description: data.description,
    },
    validate: {
      summary: (value) =>
        !value.trim() ? "Type a summary of the work requested." : value.trim().length > SUMMARY_MAX ? atMost(SUMMARY_MAX) : null,
      requestTypeId: (value) => (value ? null : "Choose the request type."),
    },
  });
  const options = (types.data?.data ?? []).map((t) => ({ value: t.id, label: t.name }));
  if (data.task.requestType && !options.some((o) => o.value === data.task.requestType?.id)) {
    options.unshift({ value: data.task.requestType.id, label: data.task.requestType.name });
  }
  const submit = form.onSubmit((values) => {
    setFormError(null);
    update.mutate(
      {
        // A locked scope is not sent: the server would refuse any change to it.
        ...(scopeLocked ? {} : { summary: values.summary.trim(), description: values.description }),
        requestTypeId: values.requestTypeId,
        deadline: values.deadline || null,
      },
      {
        onSuccess: () => {
          notifications.show({ color: "green", title: `${reference} saved`, message: values.summary.trim() });
          onClose();
        },
        onError: (error) => setFormError(applyServerError(form, error)),
      },
    );
  });
  return (
    <Modal opened onClose={onClose} title={`Edit ${reference}`} size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError message={formError} />
          {scopeLocked ? (
            <Alert color="gray" variant="light" icon={<IconLock aria-hidden="true" />} id="scope-locked-reason">
              The quote for {reference} was accepted; send a new quote to change its scope.
            </Alert>
          ) : null}
          <TextInput
            label="Summary"
            required
            maxLength={SUMMARY_MAX}
            data-autofocus={scopeLocked ? undefined : true}
            disabled={scopeLocked}
            aria-describedby={scopeLocked ? "scope-locked-reason" : undefined}
            {...form.getInputProps("summary")}
          />
          <Group grow align="flex-start">
            <NativeSelect label="Request type" required data={options} {...form.getInputProps("requestTypeId")} />
            <TextInput type="date" label="Deadline" {...form.getInputProps("deadline")} />
          </Group>
          {scopeLocked ? (
            <Stack gap={4} role="group" aria-labelledby="locked-description-label" aria-describedby="scope-locked-reason">
              <Text size="sm" fw={500} id="locked-description-label">
                Description (locked)
              </Text>
              <Paper withBorder p="sm" bg="gray.0">
                <Markdown>{data.description || "No description."}</Markdown>
              </Paper>
            </Stack>
          ) : (
            <MarkdownField
              label="Description"
              minRows={6}
              value={form.values.description}
              onChange={(value) => form.setFieldValue("description", value)}
            />
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={update.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Under the title: the stage, who has it, the deadline, and what it means for the viewer. */
function TaskMeta({ data, client }: { data: Detail; client: boolean }) {
  const { task } = data;
  const { data: session } = useSession();
  const deadline = deadlineState(task.deadline, task.stage);
  return (
    <Stack gap={6} mt={-16} mb="xl">
      <Group gap="xs" wrap="wrap">
        <Badge size="lg" color={STAGE_COLORS[task.stage]}>
          {STAGE_LABELS[task.stage]}
        </Badge>
        {task.archived ? (
          <Badge size="lg" color="gray">
            Archived
          </Badge>
        ) : null}
        <Text size="sm">
          {ownerLabel(task.owner, client, session?.agencyName ?? "the agency")}
          {task.requestType ? ` · ${task.requestType.name}` : ""}
          {task.deadline ? (
            <Text span inherit c={deadline === "overdue" ? "red.9" : undefined} fw={deadline === "overdue" ? 700 : undefined}>
              {" · "}
              {deadline === "overdue" ? "Overdue, was due" : "Due"} {formatDay(task.deadline)}
            </Text>
          ) : null}
        </Text>
      </Group>
      <Text size="sm" c="dimmed">
        {client ? STAGE_CLIENT_ACTION[task.stage] : STAGE_PURPOSE[task.stage]}
      </Text>
    </Stack>
  );
}

/** A card opened: its description and files, activity and comments, quote, approval record and facts. */
export function TaskPage() {
  const { id = "" } = useParams();
  const me = useMe();
  const staff = isStaff(me);
  const detail = useTask(id);
  useMarkReadOnOpen("task", detail.data?.data.task.id);
  const mover = useTaskMover();
  const archive = useArchiveTask(id);
  const references = useReferences();
  const [editing, setEditing] = useState(false);

  const fallback = detailStates({ query: detail, title: "Work request", noun: "task", back: backToBoard });
  if (fallback || !detail.data) return fallback;

  const { data, policies } = detail.data;
  const { task } = data;
  const reference = references.task(task.number);
  const viewer = { staff, accountId: task.account.id };
  // The server decides who may approve now (policies); the page only shows what it allows.
  const awaitingClient = policies.approve || policies.requestChanges;
  const setArchived = (archived: boolean) =>
    archive.mutate(archived, {
      onSuccess: () =>
        notifications.show({
          color: "green",
          title: archived ? `${reference} archived` : `${reference} is back on the board`,
          message: task.summary,
        }),
      onError: (e) => notifications.show({ color: "red", title: "Nothing changed", message: errorMessage(e) }),
    });

  return (
    <>
      <PageHeader
        title={`${reference} · ${task.summary}`}
        above={backToBoard}
        actions={
          <>
            {policies.edit ? (
              <Button variant="default" leftSection={<IconEdit size={16} aria-hidden="true" />} onClick={() => setEditing(true)}>
                Edit
              </Button>
            ) : null}
            {policies.archive ? (
              <Button
                variant="default"
                leftSection={<IconArchive size={16} aria-hidden="true" />}
                loading={archive.isPending}
                onClick={() => setArchived(true)}
              >
                Archive
              </Button>
            ) : null}
            {policies.unarchive ? (
              <Button
                variant="default"
                leftSection={<IconRefresh size={16} aria-hidden="true" />}
                loading={archive.isPending}
                onClick={() => setArchived(false)}
              >
                Unarchive
              </Button>
            ) : null}
            {!task.archived && task.stage !== "completed" ? (
              <MoveMenu
                task={task}
                role={me.role}
                onMove={(to) => mover.request(task, to)}
                target={
                  <Button variant={staff ? "filled" : "default"} leftSection={<IconArrowsMove size={16} aria-hidden="true" />}>
                    Move to…
                  </Button>
                }
              />
            ) : null}
          </>
        }
      />
      <TaskMeta data={data} client={!staff} />
      {/* What the client is asked to review, first thing on the page while it waits for them. */}
      {data.review ? (
        <Stack gap={4} mb="lg">
          <ReviewSummary review={data.review} viewer={viewer} />
        </Stack>
      ) : null}
      {awaitingClient ? (
        <Alert color="teal" variant="light" mb="lg" title="Ready for your approval" icon={<IconChecks aria-hidden="true" />}>
          <Stack gap="sm">
            <Text size="sm">
              The work is completed and ready to view. It goes LIVE once you approve it; if something should change, request changes.
            </Text>
            <Group gap="sm">
              {policies.approve ? <Button onClick={() => mover.request(task, "completed")}>Approve</Button> : null}
              {policies.requestChanges ? (
                <Button variant="default" onClick={() => mover.request(task, "in_progress")}>
                  Request changes
                </Button>
              ) : null}
            </Group>
          </Stack>
        </Alert>
      ) : null}
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <section aria-labelledby="activity-heading">
              <Title order={2} fz="md" mb="sm" id="activity-heading">
                Activity
              </Title>
              <TaskTimeline data={data} />
            </section>
            {policies.comment || policies.note ? <TaskCommentBox key={task.id} taskId={task.id} policies={policies} staff={staff} /> : null}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <QuotePanel data={data} policies={policies} />
            {/* Billing's part: the invoice made from the accepted quote, or "Create invoice" (staff). */}
            <TaskInvoicePanel data={data} />
            <ApprovalPanel approvals={data.approvals} reviews={data.reviews} current={data.review} viewer={viewer} />
            <TaskFacts data={data} staff={staff} canAssign={policies.assign} />
          </Stack>
        </Grid.Col>
      </Grid>
      {editing ? <EditTaskModal data={data} scopeLocked={!policies.changeScope} onClose={() => setEditing(false)} /> : null}
      {mover.dialog}
    </>
  );
}
