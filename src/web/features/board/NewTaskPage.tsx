import { Grid, NativeSelect, Paper, SimpleGrid, Skeleton, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useEffect, useRef, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { type TTaskTemplate, ZCreateTaskRequest } from "../../../common/board";
import { useReferences } from "../../api/branding";
import { isStaff, useMe } from "../../api/session";
import { AttachmentsField } from "../../components/AttachmentsField";
import { ClientSelect } from "../../components/ClientSelect";
import { FormError } from "../../components/FormError";
import { MarkdownField } from "../../components/MarkdownField";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, QueryError } from "../../components/States";
import { SubmitRow } from "../../components/SubmitRow";
import { applyServerError, focusFirstInvalid } from "../../lib/forms";
import { atMost, maxLengthOf } from "../../lib/limits";
import { useUploads } from "../../lib/useUploads";
import { useCreateTask, useRequestTypes, useTemplate } from "./api";
import { createdTitle, newTaskWords } from "./new-task-words";
import { backToBoard } from "./TemplatePage";
import { todayLocal } from "./words";

const SUMMARY_MAX = maxLengthOf(ZCreateTaskRequest, "summary");

interface Values {
  accountId: string;
  summary: string;
  requestTypeId: string;
  description: string;
  deadline: string;
}

function TaskForm({ template }: { template: TTaskTemplate | undefined }) {
  const me = useMe();
  const staff = isStaff(me);
  const words = newTaskWords(staff);
  const references = useReferences();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const create = useCreateTask();
  const types = useRequestTypes();
  const uploads = useUploads();
  const [formError, setFormError] = useState<string | null>(null);
  const summaryRef = useRef<HTMLInputElement>(null);
  const selectOnClick = useRef(false);
  const form = useForm<Values>({
    mode: "controlled",
    initialValues: {
      accountId: params.get("client") ?? "",
      summary: template?.summary ?? "",
      requestTypeId: template?.requestType?.id ?? "",
      description: template?.description ?? "",
      deadline: "",
    },
    validate: {
      accountId: (value) => (staff && !value ? "Choose the client this work request is for." : null),
      summary: (value) => {
        const summary = value.trim();
        if (!summary) return "Type a summary of the work requested.";
        if (template && summary === template.summary.trim()) return `Type a summary of the work requested over “${template.summary}”.`;
        return summary.length > SUMMARY_MAX ? atMost(SUMMARY_MAX) : null;
      },
      requestTypeId: (value) => (value ? null : "Choose the request type."),
      deadline: (value) => (value && value < todayLocal() ? "Choose a deadline that is today or later." : null),
    },
  });

  // From a template the summary box starts with its text, selected, so typing replaces it.
  useEffect(() => {
    if (template) summaryRef.current?.select();
  }, [template]);

  const submit = form.onSubmit((values) => {
    setFormError(null);
    create.mutate(
      {
        summary: values.summary.trim(),
        description: values.description,
        requestTypeId: values.requestTypeId,
        ...(values.deadline ? { deadline: values.deadline } : {}),
        ...(template ? { templateId: template.id } : {}),
        ...(uploads.fileIds.length ? { fileIds: uploads.fileIds } : {}),
        ...(staff ? { accountId: values.accountId } : {}),
      },
      {
        onSuccess: (body) => {
          uploads.reset();
          notifications.show({ color: "green", title: createdTitle(references.task(body.data.number)), message: body.data.summary });
          void navigate(`/work-requests/${body.data.id}`);
        },
        onError: (error) => setFormError(applyServerError(form, error)),
      },
    );
  }, focusFirstInvalid);

  const typeOptions = (types.data?.data ?? []).map((t) => ({ value: t.id, label: t.name }));
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormError message={formError} />
        {staff ? (
          <ClientSelect
            required
            description="The client account this work request is for."
            value={form.values.accountId}
            onChange={(value) => form.setFieldValue("accountId", value)}
            error={form.errors.accountId}
          />
        ) : null}
        <TextInput
          ref={summaryRef}
          label="Summary"
          description={
            template ? `Type a summary of the work requested over “${template.summary}”.` : "One line, e.g. “Update the opening hours”."
          }
          required
          maxLength={SUMMARY_MAX}
          {...form.getInputProps("summary")}
          onFocus={(event) => {
            if (template && event.currentTarget.value === template.summary) {
              event.currentTarget.select();
              selectOnClick.current = true;
            }
          }}
          onMouseUp={(event) => {
            // A click that focused the box keeps the template text selected, ready to be typed over.
            if (selectOnClick.current) event.preventDefault();
            selectOnClick.current = false;
          }}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <NativeSelect
            label="Request type"
            required
            data={[{ value: "", label: types.isPending ? "Loading…" : "Choose a request type" }, ...typeOptions]}
            {...form.getInputProps("requestTypeId")}
          />
          <TextInput type="date" label="Deadline" description={words.deadlineHelp} min={todayLocal()} {...form.getInputProps("deadline")} />
        </SimpleGrid>
        <MarkdownField
          label="Description"
          description="What should be done, where on the website, and anything else the team should know."
          minRows={8}
          value={form.values.description}
          onChange={(value) => form.setFieldValue("description", value)}
          error={form.errors.description}
          onSubmitShortcut={() => submit()}
        />
        <AttachmentsField uploads={uploads} description={words.attachmentsHelp} />
        <SubmitRow cancelTo="/work-requests" pending={create.isPending} uploading={uploads.uploading} />
      </Stack>
    </form>
  );
}

function NextSteps({ staff }: { staff: boolean }) {
  return (
    <Paper p="lg">
      <Title order={2} fz="md" mb="sm">
        What happens next
      </Title>
      <Stack gap={6}>
        {newTaskWords(staff).nextSteps.map((step) => (
          <Text size="sm" key={step}>
            {step}
          </Text>
        ))}
      </Stack>
    </Paper>
  );
}

/** New request: blank, or from a template (`?template=`), as the guide's "Submitting a New Request". */
export function NewTaskPage() {
  const me = useMe();
  const [params] = useSearchParams();
  const templateId = params.get("template") ?? "";
  const template = useTemplate(templateId);
  const fromTemplate = Boolean(templateId);
  const title = fromTemplate && template.data ? `New task from Template Task – ${template.data.data.name}` : "New work request";
  const header = <PageHeader title={title} above={backToBoard} description={newTaskWords(isStaff(me)).intro} />;

  if (!isStaff(me) && !me.accountId) {
    return (
      <>
        {header}
        <EmptyState title="Your login is not linked to a client account yet">
          Work requests belong to your company&apos;s account. The agency will link your login; until then, contact them directly.
        </EmptyState>
      </>
    );
  }
  return (
    <>
      {header}
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper p={{ base: "md", sm: "lg" }}>
            {fromTemplate && template.isPending ? (
              <Skeleton h={360} aria-label="Loading the template" />
            ) : fromTemplate && template.isError ? (
              <QueryError error={template.error} title="Could not load the template" />
            ) : (
              <TaskForm template={template.data?.data} />
            )}
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <NextSteps staff={isStaff(me)} />
        </Grid.Col>
      </Grid>
    </>
  );
}
