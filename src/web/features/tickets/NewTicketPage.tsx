import { Anchor, Grid, List, NativeSelect, Paper, SimpleGrid, Stack, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconArrowLeft } from "@tabler/icons-react";
import { useRef, useState } from "react";
import { Link, useNavigate } from "react-router";
import { type TTicketPriority, ZCreateTicketRequest } from "../../../common/tickets";
import { useReferences } from "../../api/branding";
import { isStaff, useMe } from "../../api/session";
import { AttachmentsField } from "../../components/AttachmentsField";
import { ClientSelect } from "../../components/ClientSelect";
import { FormError } from "../../components/FormError";
import { MarkdownField } from "../../components/MarkdownField";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState } from "../../components/States";
import { SubmitRow } from "../../components/SubmitRow";
import { applyServerError, focusFirstInvalid } from "../../lib/forms";
import { atMost, maxLengthOf } from "../../lib/limits";
import { useUploads } from "../../lib/useUploads";
import { TicketSuggestions, useTicketSuggestions } from "../help/TicketSuggestions";
import { useCategories, useCreateTicket } from "./api";
import { PRIORITY_OPTIONS } from "./words";

const SUBJECT_MAX = maxLengthOf(ZCreateTicketRequest, "subject");

interface Values {
  subject: string;
  description: string;
  categoryId: string;
  priority: TTicketPriority;
  accountId: string;
}

function NextSteps() {
  return (
    <Paper p="lg">
      <Title order={2} fz="md" mb="sm">
        What happens next
      </Title>
      <List size="sm" spacing={6}>
        <List.Item>Your ticket starts as New (Open) until the support team picks it up.</List.Item>
        <List.Item>It moves to Active (In Progress) while the team works on it, and to Closed (Resolved) when done.</List.Item>
        <List.Item>Each time it is moved or answered you receive an email. You can reply in the portal or by email.</List.Item>
        <List.Item>If it should not be closed, reopen it and add a comment.</List.Item>
      </List>
    </Paper>
  );
}

export function NewTicketPage() {
  const user = useMe();
  const staff = isStaff(user);
  const navigate = useNavigate();
  const create = useCreateTicket();
  const references = useReferences();
  const categories = useCategories();
  const uploads = useUploads();
  const [formError, setFormError] = useState<string | null>(null);
  const categoryOptions = (categories.data?.data ?? []).map((c) => ({ value: c.id, label: c.name }));
  // Read by the validator at submit time (the categories may load after the form is created).
  const hasCategories = useRef(false);
  hasCategories.current = categoryOptions.length > 0;
  const form = useForm<Values>({
    mode: "controlled",
    initialValues: { subject: "", description: "", categoryId: "", priority: "normal", accountId: "" },
    validate: {
      subject: (value) => (!value.trim() ? "Enter a short summary." : value.trim().length > SUBJECT_MAX ? atMost(SUBJECT_MAX) : null),
      description: (value) => (value.trim() ? null : "Describe the issue."),
      categoryId: (value) => (!value && hasCategories.current ? "Choose a category." : null),
      accountId: (value) => (staff && !value ? "Choose the client." : null),
    },
  });

  // Matching help articles under the summary, for clients (staff raise tickets they already understand).
  const suggestions = useTicketSuggestions(form.values.subject, !staff);

  const submit = form.onSubmit((values) => {
    setFormError(null);
    create.mutate(
      {
        subject: values.subject.trim(),
        description: values.description,
        priority: values.priority,
        ...(values.categoryId ? { categoryId: values.categoryId } : {}),
        ...(uploads.fileIds.length ? { fileIds: uploads.fileIds } : {}),
        ...(staff ? { accountId: values.accountId } : {}),
      },
      {
        onSuccess: (body) => {
          suggestions.submitted();
          uploads.reset();
          notifications.show({ color: "green", title: `Ticket ${references.ticket(body.data.number)} raised`, message: body.data.subject });
          void navigate(`/tickets/${body.data.id}`);
        },
        onError: (error) => setFormError(applyServerError(form, error)),
      },
    );
  }, focusFirstInvalid);

  const header = (
    <PageHeader
      title="New Ticket"
      description="Tell us what is wrong: a summary, a description of the issue, its category and priority. Attach any relevant files or screenshots."
      above={
        <Anchor component={Link} to="/tickets" size="sm" display="inline-flex" style={{ alignItems: "center", gap: 4 }}>
          <IconArrowLeft size={14} aria-hidden="true" /> Support Tickets
        </Anchor>
      }
    />
  );
  if (!staff && !user.accountId) {
    return (
      <>
        {header}
        <EmptyState title="Your login is not linked to a client account yet">
          Tickets belong to your company&apos;s account. The agency will link your login; until then, contact your agency directly.
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
            <form onSubmit={submit} noValidate>
              <Stack gap="md">
                <FormError message={formError} />
                {staff ? (
                  <ClientSelect
                    required
                    description="The client account this ticket is for."
                    value={form.values.accountId}
                    onChange={(value) => form.setFieldValue("accountId", value)}
                    error={form.errors.accountId}
                  />
                ) : null}
                <TextInput
                  label="Summary"
                  description="One line, e.g. “Contact form does not send”."
                  required
                  maxLength={SUBJECT_MAX}
                  {...form.getInputProps("subject")}
                />
                <TicketSuggestions state={suggestions} />
                <MarkdownField
                  label="Issue description"
                  description="What happened, where (page or link), what you expected, and any steps to see it."
                  required
                  minRows={7}
                  value={form.values.description}
                  onChange={(value) => form.setFieldValue("description", value)}
                  error={form.errors.description}
                  onSubmitShortcut={() => submit()}
                />
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                  <NativeSelect
                    label="Category"
                    required={categoryOptions.length > 0}
                    data={[{ value: "", label: categories.isPending ? "Loading…" : "Choose a category" }, ...categoryOptions]}
                    {...form.getInputProps("categoryId")}
                  />
                  <NativeSelect label="Priority" required data={PRIORITY_OPTIONS} {...form.getInputProps("priority")} />
                </SimpleGrid>
                <AttachmentsField uploads={uploads} />
                <SubmitRow cancelTo="/tickets" pending={create.isPending} uploading={uploads.uploading} />
              </Stack>
            </form>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <NextSteps />
        </Grid.Col>
      </Grid>
    </>
  );
}
