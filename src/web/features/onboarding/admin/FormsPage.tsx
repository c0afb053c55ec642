import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Menu,
  Modal,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  VisuallyHidden,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconArchive, IconArchiveOff, IconDots, IconForms, IconPlus, IconStar } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { type TFormSummary, ZCreateFormRequest } from "../../../../common/onboarding";
import { errorMessage } from "../../../api/client";
import { FormError } from "../../../components/FormError";
import { PageHeader } from "../../../components/PageHeader";
import { EmptyState, QueryError, TableSkeleton } from "../../../components/States";
import { TableScroll } from "../../../components/TableScroll";
import { formatRelative } from "../../../lib/format";
import { maxLengthOf } from "../../../lib/limits";
import { useCreateForm, useFormListActions, useForms } from "../api";

function FormBadges({ form }: { form: TFormSummary }) {
  return (
    <Group gap={4} wrap="wrap">
      {form.isDefault ? (
        <Badge color="indigo" variant="light" size="sm">
          Default
        </Badge>
      ) : null}
      {form.archived ? (
        <Badge color="gray" variant="light" size="sm">
          Archived
        </Badge>
      ) : null}
      {form.unpublishedChanges ? (
        <Badge color="orange" variant="light" size="sm">
          Unpublished changes
        </Badge>
      ) : null}
    </Group>
  );
}

const published = (form: TFormSummary) => (form.publishedVersion === null ? "Not published" : `Version ${form.publishedVersion}`);
const counts = (form: TFormSummary) =>
  `${form.submissions.inProgress} in progress · ${form.submissions.submitted} submitted · ${form.submissions.approved} approved`;

type Actions = ReturnType<typeof useFormListActions>;

/** Only what can be done: a published, live form can become the default; the default cannot be archived. */
function FormMenu({ form, actions }: { form: TFormSummary; actions: Actions }) {
  const canDefault = !form.isDefault && !form.archived && form.publishedVersion !== null;
  const canArchive = !form.isDefault;
  if (!canDefault && !canArchive) return null;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`More actions for ${form.name}`}>
          <IconDots size={18} aria-hidden="true" />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {canDefault ? (
          <Menu.Item leftSection={<IconStar size={16} aria-hidden="true" />} onClick={() => actions.setDefault.mutate(form.id)}>
            Make it the default form
          </Menu.Item>
        ) : null}
        {canArchive ? (
          <Menu.Item
            leftSection={form.archived ? <IconArchiveOff size={16} aria-hidden="true" /> : <IconArchive size={16} aria-hidden="true" />}
            onClick={() => actions.archive.mutate({ id: form.id, archived: !form.archived })}
          >
            {form.archived ? "Unarchive" : "Archive"}
          </Menu.Item>
        ) : null}
      </Menu.Dropdown>
    </Menu>
  );
}

function FormsTable({ forms, actions }: { forms: TFormSummary[]; actions: Actions }) {
  return (
    <TableScroll minWidth={900} label="Onboarding forms">
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Form</Table.Th>
            <Table.Th scope="col">Published</Table.Th>
            <Table.Th scope="col">Fields</Table.Th>
            <Table.Th scope="col">Submissions</Table.Th>
            <Table.Th scope="col">Last edited</Table.Th>
            <Table.Th scope="col">
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {forms.map((form) => (
            <Table.Tr key={form.id}>
              <Table.Td maw={360}>
                <Anchor component={Link} to={`/admin/onboarding-forms/${form.id}`} fw={600} size="sm">
                  {form.name}
                </Anchor>
                <Box mt={4}>
                  <FormBadges form={form} />
                </Box>
              </Table.Td>
              <Table.Td>{published(form)}</Table.Td>
              <Table.Td>{form.fieldCount}</Table.Td>
              <Table.Td>
                <Text size="sm">{counts(form)}</Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{formatRelative(form.updatedAt)}</Table.Td>
              <Table.Td ta="right">
                <FormMenu form={form} actions={actions} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}

function FormCards({ forms, actions }: { forms: TFormSummary[]; actions: Actions }) {
  return (
    <Stack component="ul" gap="sm" m={0} p="md" style={{ listStyle: "none" }} aria-label="Onboarding forms">
      {forms.map((form) => (
        <Paper component="li" key={form.id} p="sm">
          <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
            <Anchor component={Link} to={`/admin/onboarding-forms/${form.id}`} fw={600} size="sm" style={{ overflowWrap: "anywhere" }}>
              {form.name}
            </Anchor>
            <FormMenu form={form} actions={actions} />
          </Group>
          <Box mt={4}>
            <FormBadges form={form} />
          </Box>
          <Text size="xs" c="dimmed" mt={4}>
            {published(form)} · {form.fieldCount} fields
          </Text>
          <Text size="xs" c="dimmed">
            {counts(form)}
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}

function NewFormModal({ opened, onClose, forms }: { opened: boolean; onClose: () => void; forms: TFormSummary[] }) {
  const navigate = useNavigate();
  const create = useCreateForm();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const defaultForm = forms.find((f) => f.isDefault);
  const [copyOf, setCopyOf] = useState<string | null>(defaultForm?.id ?? null);
  const [nameError, setNameError] = useState<string | null>(null);
  const submit = async () => {
    if (!name.trim()) {
      setNameError("Give the form a name.");
      return;
    }
    try {
      const body = await create.mutateAsync({
        name: name.trim(),
        description: description.trim() || undefined,
        copyOf: copyOf ?? undefined,
      });
      onClose();
      void navigate(`/admin/onboarding-forms/${body.data.form.id}`);
    } catch {
      // Shown below.
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title="New onboarding form" centered>
      <Stack gap="sm">
        <TextInput
          label="Name"
          required
          maxLength={maxLengthOf(ZCreateFormRequest, "name")}
          placeholder="e.g. Website project onboarding"
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            setNameError(null);
          }}
          error={nameError}
          data-autofocus
        />
        <Textarea
          label="Description"
          description="For staff: what this form is for."
          autosize
          minRows={2}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
        />
        <Select
          label="Start from"
          description="A copy of another form’s sections and fields, or an empty form."
          data={[{ value: "", label: "An empty form" }, ...forms.map((f) => ({ value: f.id, label: `A copy of “${f.name}”` }))]}
          value={copyOf ?? ""}
          onChange={(value) => setCopyOf(value || null)}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
        <FormError message={create.error ? errorMessage(create.error) : null} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => void submit()} loading={create.isPending}>
            Create form
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** /admin/onboarding-forms — every form: which is the default, what is published, how it is used. */
export function FormsPage() {
  const forms = useForms();
  const actions = useFormListActions();
  const [creating, setCreating] = useState(false);
  const [showArchived, setShowArchived] = useState(false);
  const mobile = useMediaQuery("(max-width: 47.99em)", false, { getInitialValueInEffect: false });
  const all = forms.data?.data ?? [];
  const rows = all.filter((f) => showArchived || !f.archived);
  const archivedCount = all.filter((f) => f.archived).length;
  const actionError = actions.setDefault.error ?? actions.archive.error;

  return (
    <>
      <PageHeader
        title="Onboarding forms"
        description="The forms clients fill in to complete setup. New clients get the default form; you or their agent can share another one. Clients always answer a published version."
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => setCreating(true)}>
            New form
          </Button>
        }
      />
      {actionError ? (
        <Alert color="red" variant="light" role="alert" mb="md">
          {errorMessage(actionError)}
        </Alert>
      ) : null}
      <Paper p={0}>
        {archivedCount ? (
          <Group p="md" pb={0}>
            <Switch
              label={`Show archived forms (${archivedCount})`}
              checked={showArchived}
              onChange={(e) => setShowArchived(e.currentTarget.checked)}
            />
          </Group>
        ) : null}
        {forms.isPending ? (
          <TableSkeleton />
        ) : forms.isError ? (
          <Box p="md">
            <QueryError error={forms.error} onRetry={() => void forms.refetch()} />
          </Box>
        ) : rows.length === 0 ? (
          <EmptyState
            withBorder={false}
            icon={<IconForms size={26} />}
            title="No onboarding forms yet"
            action={<Button onClick={() => setCreating(true)}>New form</Button>}
          >
            Build the form clients fill in to complete setup: their details, work preferences, files and instructions for the team.
          </EmptyState>
        ) : mobile ? (
          <FormCards forms={rows} actions={actions} />
        ) : (
          <FormsTable forms={rows} actions={actions} />
        )}
      </Paper>
      {creating ? <NewFormModal opened onClose={() => setCreating(false)} forms={all.filter((f) => !f.archived)} /> : null}
    </>
  );
}
