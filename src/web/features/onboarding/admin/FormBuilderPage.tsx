import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Grid,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Skeleton,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import {
  IconAlertTriangle,
  IconArrowDown,
  IconArrowLeft,
  IconArrowUp,
  IconDeviceFloppy,
  IconPlus,
  IconSend,
  IconTrash,
} from "@tabler/icons-react";
import { useEffect, useRef, useState } from "react";
import { Link, useBlocker, useParams } from "react-router";
import {
  FORM_LIMITS,
  type TAnswer,
  type TAnswers,
  type TFormDefinition,
  type TFormDetail,
  visibleFieldKeys,
  ZSaveFormRequest,
} from "../../../../common/onboarding";
import { ApiError, errorMessage } from "../../../api/client";
import { detailStates } from "../../../components/DetailStates";
import { PageHeader } from "../../../components/PageHeader";
import { QueryError } from "../../../components/States";
import { TableScroll } from "../../../components/TableScroll";
import { formatDateTime } from "../../../lib/format";
import { maxLengthOf } from "../../../lib/limits";
import { AnswerField } from "../AnswerField";
import { isDraftConflict, useForm, useFormVersion, usePublishForm, useSaveForm } from "../api";
import { cleanDefinition, definitionProblems } from "../words";
import {
  type EditSection,
  move,
  moveField,
  newField,
  newSection,
  removeFields,
  toDefinition,
  toEditSections,
  updateField,
} from "./builder";
import { FieldEditor } from "./FieldEditor";

const back = (
  <Anchor component={Link} to="/admin/onboarding-forms" size="sm" display="inline-flex" style={{ alignItems: "center", gap: 4 }}>
    <IconArrowLeft size={14} aria-hidden="true" /> Onboarding forms
  </Anchor>
);

/** The form as a client will see it, answers and show-if live, nothing saved. */
function Preview({ definition, ids }: { definition: TFormDefinition; ids?: { section: string; fields: string[] }[] }) {
  const [answers, setAnswers] = useState<TAnswers>({});
  const shown = visibleFieldKeys(definition, answers);
  return (
    <Stack gap="md">
      {definition.sections.map((section, i) => (
        <Paper key={ids?.[i]?.section ?? section.key} p="md" withBorder>
          <Text size="xs" c="dimmed" fw={600}>
            Section {i + 1} of {definition.sections.length}
          </Text>
          <Title order={3} fz="md">
            {section.title || "Untitled section"}
          </Title>
          {section.description ? (
            <Text size="sm" c="dimmed" mt={4} style={{ whiteSpace: "pre-wrap" }}>
              {section.description}
            </Text>
          ) : null}
          <Stack gap="md" mt="md">
            {section.fields.map((field, n) =>
              shown.has(field.key) ? (
                <AnswerField
                  key={ids?.[i]?.fields[n] ?? field.key}
                  field={{ ...field, label: field.label || "Untitled field" }}
                  value={answers[field.key]}
                  onChange={(value: TAnswer) => setAnswers((current) => ({ ...current, [field.key]: value }))}
                  preview
                />
              ) : null,
            )}
            {section.fields.length === 0 ? (
              <Text size="sm" c="dimmed">
                No fields yet.
              </Text>
            ) : null}
          </Stack>
        </Paper>
      ))}
      {definition.sections.length === 0 ? (
        <Text size="sm" c="dimmed">
          Add a section to see the form here.
        </Text>
      ) : null}
    </Stack>
  );
}

/** One published version, as clients of it see it. */
function VersionModal({ formId, version, onClose }: { formId: string; version: number | null; onClose: () => void }) {
  const query = useFormVersion(formId, version);
  return (
    <Modal opened={version !== null} onClose={onClose} title={`Version ${version ?? ""}`} size="lg">
      {query.isPending ? (
        <Skeleton h={200} />
      ) : query.isError ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Preview definition={query.data.data.definition} />
      )}
    </Modal>
  );
}

function SectionEditor({
  section,
  index,
  count,
  sections,
  setSections,
  openField,
  setOpenField,
}: {
  section: EditSection;
  index: number;
  count: number;
  sections: EditSection[];
  setSections: (update: (current: EditSection[]) => EditSection[]) => void;
  openField: string | null;
  setOpenField: (uid: string | null) => void;
}) {
  const [confirmRemove, setConfirmRemove] = useState(false);
  const flat = sections.flatMap((s) => s.fields);
  const patch = (change: Partial<EditSection>) =>
    setSections((current) => current.map((s) => (s.uid === section.uid ? { ...s, ...change } : s)));
  const addField = () => {
    const field = newField(sections);
    setSections((current) => current.map((s) => (s.uid === section.uid ? { ...s, fields: [...s.fields, field] } : s)));
    setOpenField(field.uid);
  };
  const titleId = `section-title-${section.uid}`;
  return (
    <Paper p={{ base: "sm", sm: "md" }} component="section" aria-labelledby={titleId}>
      <Group justify="space-between" gap="xs" wrap="nowrap" mb="sm">
        <Title order={3} fz="md" id={titleId} style={{ overflowWrap: "anywhere" }}>
          Section {index + 1}: {section.title || "Untitled"}
        </Title>
        <Group gap={2} wrap="nowrap">
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={`Move section “${section.title}” up`}
            disabled={index === 0}
            onClick={() => setSections((current) => move(current, index, -1))}
          >
            <IconArrowUp size={16} aria-hidden="true" />
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={`Move section “${section.title}” down`}
            disabled={index === count - 1}
            onClick={() => setSections((current) => move(current, index, 1))}
          >
            <IconArrowDown size={16} aria-hidden="true" />
          </ActionIcon>
          <ActionIcon variant="subtle" color="red" aria-label={`Remove section “${section.title}”`} onClick={() => setConfirmRemove(true)}>
            <IconTrash size={16} aria-hidden="true" />
          </ActionIcon>
        </Group>
      </Group>
      {confirmRemove ? (
        <Alert color="red" variant="light" mb="sm" title={`Remove “${section.title || "this section"}”?`}>
          <Text size="sm">
            {section.fields.length
              ? `Its ${section.fields.length === 1 ? "field goes" : `${section.fields.length} fields go`} with it. Submissions already made keep their answers.`
              : "It has no fields."}
          </Text>
          <Group gap="xs" mt="xs">
            <Button
              size="xs"
              color="red"
              onClick={() =>
                setSections((current) =>
                  removeFields(current, new Set(section.fields.map((f) => f.uid))).filter((s) => s.uid !== section.uid),
                )
              }
            >
              Remove section
            </Button>
            <Button size="xs" variant="default" onClick={() => setConfirmRemove(false)}>
              Keep it
            </Button>
          </Group>
        </Alert>
      ) : null}
      <Stack gap="sm">
        <TextInput
          label="Section title"
          required
          maxLength={FORM_LIMITS.label}
          value={section.title}
          onChange={(e) => patch({ title: e.currentTarget.value })}
          error={section.title.trim() ? null : "Give the section a title."}
        />
        <Textarea
          label="Section introduction"
          description="Optional: a sentence on what this section is for."
          autosize
          minRows={1}
          maxLength={FORM_LIMITS.help}
          value={section.description}
          onChange={(e) => patch({ description: e.currentTarget.value })}
        />
        <Text size="sm" fw={600} mt="xs">
          Fields
        </Text>
        {section.fields.length === 0 ? (
          <Text size="sm" c="dimmed">
            No fields in this section yet.
          </Text>
        ) : null}
        {section.fields.map((field) => {
          const at = flat.findIndex((f) => f.uid === field.uid);
          return (
            <FieldEditor
              key={field.uid}
              field={field}
              earlier={flat.slice(0, at)}
              open={openField === field.uid}
              onToggle={() => setOpenField(openField === field.uid ? null : field.uid)}
              onChange={(change) => setSections((current) => updateField(current, field.uid, change))}
              onMove={(by) => setSections((current) => moveField(current, field.uid, by))}
              canMoveUp={at > 0}
              canMoveDown={at < flat.length - 1}
              onRemove={() => setSections((current) => removeFields(current, new Set([field.uid])))}
            />
          );
        })}
        <Group>
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} aria-hidden="true" />}
            onClick={addField}
            disabled={section.fields.length >= FORM_LIMITS.fieldsPerSection || flat.length >= FORM_LIMITS.fields}
          >
            Add field
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function Versions({ detail }: { detail: TFormDetail }) {
  const { versions } = detail.data;
  const [viewing, setViewing] = useState<number | null>(null);
  return (
    <Paper p={{ base: "sm", sm: "md" }} component="section" aria-labelledby="versions-title">
      <Title order={2} fz="md" id="versions-title" mb="xs">
        Published versions
      </Title>
      {versions.length === 0 ? (
        <Text size="sm" c="dimmed">
          Not published yet. Clients can only get a form once it is published.
        </Text>
      ) : (
        <TableScroll minWidth={360} label="Published versions table">
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Version</Table.Th>
                <Table.Th scope="col">Published</Table.Th>
                <Table.Th scope="col">Fields</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>View</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...versions]
                .sort((a, b) => b.version - a.version)
                .map((v) => (
                  <Table.Tr key={v.version}>
                    <Table.Td>{v.version}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDateTime(v.publishedAt)}</Text>
                      {v.publishedBy ? (
                        <Text size="xs" c="dimmed">
                          by {v.publishedBy}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{v.fieldCount}</Table.Td>
                    <Table.Td ta="right">
                      <Button
                        variant="default"
                        size="compact-sm"
                        onClick={() => setViewing(v.version)}
                        aria-label={`View version ${v.version}`}
                      >
                        View
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
      <VersionModal formId={detail.data.form.id} version={viewing} onClose={() => setViewing(null)} />
    </Paper>
  );
}

/** The editor itself, started from one read of the form (remounted to load the newest). */
function Builder({ detail, onReload }: { detail: TFormDetail; onReload: () => void }) {
  const { form } = detail.data;
  const save = useSaveForm(form.id);
  const publish = usePublishForm(form.id);
  const [name, setName] = useState(form.name);
  const [description, setDescription] = useState(form.description);
  const [sections, setSectionsState] = useState<EditSection[]>(() => toEditSections(detail.data.draft));
  const [dirty, setDirty] = useState(false);
  const revision = useRef(detail.data.revision);
  const [openField, setOpenField] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [conflict, setConflict] = useState(false);
  const [message, setMessage] = useState<{ color: string; text: string } | null>(null);
  const [confirmPublish, setConfirmPublish] = useState(false);
  const [pane, setPane] = useState<"edit" | "preview">("edit");
  const mobile = useMediaQuery("(max-width: 61.99em)", false, { getInitialValueInEffect: false });
  const editable = detail.policies.edit;

  const setSections = (update: (current: EditSection[]) => EditSection[]) => {
    setSectionsState(update);
    setDirty(true);
    setMessage(null);
  };

  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (!dirty) return;
    const onLeave = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", onLeave);
    return () => window.removeEventListener("beforeunload", onLeave);
  }, [dirty]);

  /** Saves the working copy; true when saved (or nothing to save). */
  const doSave = async (): Promise<boolean> => {
    setMessage(null);
    const definition = cleanDefinition(toDefinition(sections));
    const found = [...(name.trim() ? [] : ["Give the form a name."]), ...definitionProblems(definition)];
    setProblems(found);
    if (found.length) return false;
    if (!dirty) return true;
    try {
      const body = await save.mutateAsync({ name: name.trim(), description, definition, revision: revision.current });
      revision.current = body.data.revision;
      setDirty(false);
      setMessage({ color: "green", text: "Saved. Publish to give clients this version." });
      return true;
    } catch (error) {
      if (isDraftConflict(error)) setConflict(true);
      else setProblems([errorMessage(error)]);
      return false;
    }
  };

  const doPublish = async () => {
    setConfirmPublish(false);
    if (!(await doSave())) return;
    try {
      const body = await publish.mutateAsync();
      const latest = body.data.form.publishedVersion;
      setMessage({ color: "green", text: `Published version ${latest ?? ""}. Clients who get this form from now on answer it.` });
    } catch (error) {
      setMessage({
        color: "orange",
        text: error instanceof ApiError && error.status === 409 ? `${error.message}` : errorMessage(error),
      });
    }
  };

  const fieldCount = sections.reduce((n, s) => n + s.fields.length, 0);
  const nextVersion = (form.publishedVersion ?? 0) + 1;

  const editor = (
    <Stack gap="md">
      <Paper p={{ base: "sm", sm: "md" }} component="section" aria-labelledby="form-details-title">
        <Title order={2} fz="md" id="form-details-title" mb="xs">
          Form details
        </Title>
        <Stack gap="sm">
          <TextInput
            label="Form name"
            required
            maxLength={maxLengthOf(ZSaveFormRequest, "name")}
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              setDirty(true);
            }}
            error={name.trim() ? null : "Give the form a name."}
          />
          <Textarea
            label="Description"
            description="For staff: what this form is for."
            autosize
            minRows={2}
            maxLength={FORM_LIMITS.help}
            value={description}
            onChange={(e) => {
              setDescription(e.currentTarget.value);
              setDirty(true);
            }}
          />
        </Stack>
      </Paper>
      <Title order={2} fz="md">
        Sections and fields
      </Title>
      {sections.map((section, index) => (
        <SectionEditor
          key={section.uid}
          section={section}
          index={index}
          count={sections.length}
          sections={sections}
          setSections={setSections}
          openField={openField}
          setOpenField={setOpenField}
        />
      ))}
      <Group>
        <Button
          variant="default"
          leftSection={<IconPlus size={16} aria-hidden="true" />}
          onClick={() => setSections((current) => [...current, newSection(current)])}
          disabled={sections.length >= FORM_LIMITS.sections}
        >
          Add section
        </Button>
      </Group>
    </Stack>
  );

  const preview = (
    <Stack gap="md">
      <Title order={2} fz="md">
        Preview
      </Title>
      <Text size="sm" c="dimmed" mt={-8}>
        What clients see. Try answers to check the show-if rules; nothing here is saved.
      </Text>
      <Preview
        definition={cleanDefinition(toDefinition(sections))}
        ids={sections.map((x) => ({ section: x.uid, fields: x.fields.map((f) => f.uid) }))}
      />
    </Stack>
  );

  return (
    <>
      <PageHeader
        title={name.trim() || form.name}
        above={back}
        actions={
          editable ? (
            <>
              <Button
                variant="default"
                leftSection={<IconDeviceFloppy size={16} aria-hidden="true" />}
                onClick={() => void doSave()}
                loading={save.isPending && !publish.isPending}
                disabled={conflict || !dirty}
              >
                Save
              </Button>
              {detail.policies.publish ? (
                <Button
                  leftSection={<IconSend size={16} aria-hidden="true" />}
                  onClick={() => setConfirmPublish(true)}
                  disabled={conflict || fieldCount === 0 || (!dirty && !form.unpublishedChanges && form.publishedVersion !== null)}
                  loading={publish.isPending}
                >
                  Publish
                </Button>
              ) : null}
            </>
          ) : undefined
        }
      />
      <Stack gap="md" mt={-12} mb="md">
        <Group gap="xs" wrap="wrap">
          {form.isDefault ? (
            <Badge color="indigo" variant="light">
              Default form
            </Badge>
          ) : null}
          {form.archived ? (
            <Badge color="gray" variant="light">
              Archived
            </Badge>
          ) : null}
          <Text size="sm" c="dimmed">
            {form.publishedVersion === null ? "Not published yet" : `Published version ${form.publishedVersion}`} · {fieldCount} fields
            {dirty ? " · unsaved changes" : form.unpublishedChanges ? " · saved changes not yet published" : ""}
          </Text>
        </Group>
        {conflict ? (
          <Alert
            color="red"
            variant="light"
            role="alert"
            title="This form was changed in another tab"
            icon={<IconAlertTriangle aria-hidden="true" />}
          >
            <Stack gap="xs" align="flex-start">
              <Text size="sm">
                Someone saved this form since you opened it, so your changes were not saved. Load their version to carry on from it (your
                changes here are discarded).
              </Text>
              <Button size="xs" onClick={onReload}>
                Load the latest version
              </Button>
            </Stack>
          </Alert>
        ) : null}
        {problems.length ? (
          <Alert color="red" variant="light" role="alert" title="Fix these before saving">
            <Stack component="ul" gap={2} m={0} pl="md">
              {problems.map((p) => (
                <Text component="li" size="sm" key={p}>
                  {p}
                </Text>
              ))}
            </Stack>
          </Alert>
        ) : null}
        {message ? (
          <Alert color={message.color} variant="light" role="status">
            {message.text}
          </Alert>
        ) : null}
      </Stack>
      {mobile ? (
        <Stack gap="md">
          <SegmentedControl
            fullWidth
            value={pane}
            onChange={(value) => setPane(value === "preview" ? "preview" : "edit")}
            data={[
              { value: "edit", label: "Edit" },
              { value: "preview", label: "Preview" },
            ]}
            aria-label="Show the editor or the preview"
          />
          {pane === "edit" ? editor : preview}
          <Versions detail={detail} />
        </Stack>
      ) : (
        <Grid gutter="lg">
          <Grid.Col span={7}>
            <Stack gap="md">
              {editor}
              <Versions detail={detail} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={5}>
            <Box pos="sticky" top={80} mah="calc(100vh - 100px)" style={{ overflowY: "auto" }}>
              {preview}
            </Box>
          </Grid.Col>
        </Grid>
      )}
      <Modal opened={confirmPublish} onClose={() => setConfirmPublish(false)} title={`Publish version ${nextVersion}?`} centered>
        <Stack gap="sm">
          <Text size="sm">
            {dirty ? "Your changes are saved first. " : ""}Clients who get this form from now on answer version {nextVersion}. Forms already
            shared keep the version they were given.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmPublish(false)}>
              Cancel
            </Button>
            <Button onClick={() => void doPublish()}>Publish version {nextVersion}</Button>
          </Group>
        </Stack>
      </Modal>
      <Modal opened={blocker.state === "blocked"} onClose={() => blocker.reset?.()} title="Leave without saving?" centered>
        <Stack gap="sm">
          <Text size="sm">Your changes to this form are not saved yet.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => blocker.reset?.()}>
              Stay on this page
            </Button>
            <Button color="red" onClick={() => blocker.proceed?.()}>
              Leave and discard
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** /admin/onboarding-forms/:id — build the form: sections, fields, show-if, preview, publish. */
export function FormBuilderPage() {
  const { id = "" } = useParams();
  const query = useForm(id);
  const [loadKey, setLoadKey] = useState(0);
  const fallback = detailStates({ query, title: "Onboarding form", noun: "form", back });
  if (fallback || !query.data) return fallback;
  const reload = () => {
    void query.refetch().then(() => setLoadKey((n) => n + 1));
  };
  return <Builder key={`${id}:${loadKey}`} detail={query.data} onReload={reload} />;
}
