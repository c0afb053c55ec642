import { Alert, Anchor, Badge, Box, Button, Grid, Group, Modal, Paper, Stack, Text, Title } from "@mantine/core";
import { IconAlertTriangle, IconCheck, IconCloudUpload } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import type { TFile } from "../../../common/conversations";
import {
  answerProblem,
  submissionProblems,
  type TAnswer,
  type TAnswers,
  type TFieldErrors,
  type TSubmissionDetail,
  visibleFieldKeys,
} from "../../../common/onboarding";
import { ApiError, errorMessage } from "../../api/client";
import { formatRelative } from "../../lib/format";
import { AnswerField } from "./AnswerField";
import { isDraftConflict, onboardingKeys, useSaveAnswers, useSubmitSubmission } from "./api";

/** How long typing may pause before the draft is saved. */
const SAVE_DELAY_MS = 800;

type SaveState = "idle" | "saving" | "saved" | "error" | "conflict";

/**
 * The draft, saved on the server as the person types: debounced, one save at a time, each
 * carrying the revision it builds on. A 409 `draft_conflict` stops saving until the person
 * chooses to load the newer answers (never a silent overwrite).
 */
function useDraft(detail: TSubmissionDetail) {
  const id = detail.data.submission.id;
  const save = useSaveAnswers(id);
  const queryClient = useQueryClient();
  const [answers, setAnswers] = useState<TAnswers>(detail.data.answers);
  const [state, setState] = useState<SaveState>("idle");
  const [savedAt, setSavedAt] = useState(detail.data.savedAt);
  const [saveError, setSaveError] = useState<string | null>(null);
  const answersRef = useRef(answers);
  const revision = useRef(detail.data.revision);
  const pending = useRef(false);
  const conflict = useRef(false);
  const inFlight = useRef<Promise<boolean> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const startSave = useCallback((): Promise<boolean> => {
    pending.current = false;
    setState("saving");
    const snapshot = answersRef.current;
    const run = save
      .mutateAsync({ answers: snapshot, revision: revision.current })
      .then((body) => {
        revision.current = body.data.revision;
        setSavedAt(body.data.savedAt);
        setSaveError(null);
        setState(pending.current ? "saving" : "saved");
        return true;
      })
      .catch((error: unknown) => {
        if (isDraftConflict(error)) {
          conflict.current = true;
          setState("conflict");
        } else {
          const notEditable = error instanceof ApiError && error.code === "onboarding_not_editable";
          // A form no longer editable is not retried: the newer submission is read instead.
          pending.current = !notEditable;
          setState("error");
          setSaveError(notEditable ? "This form can no longer be changed (it was submitted or reviewed meanwhile)." : errorMessage(error));
          if (notEditable) {
            void queryClient.invalidateQueries({ queryKey: onboardingKeys.submission(id) });
            void queryClient.invalidateQueries({ queryKey: onboardingKeys.current });
          }
        }
        return false;
      })
      .finally(() => {
        inFlight.current = null;
      });
    inFlight.current = run;
    return run;
  }, [save, queryClient, id]);

  /** Saves whatever is unsaved now (waiting for a save in flight); false when it could not. */
  const flush = useCallback(async (): Promise<boolean> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    for (;;) {
      if (inFlight.current !== null) {
        if (!(await inFlight.current)) return false;
        continue;
      }
      if (conflict.current) return false;
      if (!pending.current) return true;
      void startSave();
    }
  }, [startSave]);

  const change = useCallback(
    (key: string, value: TAnswer) => {
      if (conflict.current) return;
      const next = { ...answersRef.current, [key]: value };
      answersRef.current = next;
      setAnswers(next);
      pending.current = true;
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), SAVE_DELAY_MS);
    },
    [flush],
  );

  // Leaving the page saves what was typed in the last moment.
  const flushRef = useRef(flush);
  flushRef.current = flush;
  useEffect(
    () => () => {
      if (pending.current && !conflict.current) void flushRef.current();
    },
    [],
  );
  // Closing the tab with a save pending: the browser asks first.
  useEffect(() => {
    const onLeave = (event: BeforeUnloadEvent) => {
      if (pending.current || inFlight.current !== null) event.preventDefault();
    };
    window.addEventListener("beforeunload", onLeave);
    return () => window.removeEventListener("beforeunload", onLeave);
  }, []);

  return { answers, change, flush, state, savedAt, saveError, revision, conflicted: () => conflict.current };
}

function SaveStatus({ state, savedAt, error, onRetry }: { state: SaveState; savedAt: string; error: string | null; onRetry: () => void }) {
  return (
    <Group gap={6} wrap="nowrap" aria-live="polite" role="status" mih={28}>
      {state === "saving" ? (
        <Text size="sm" c="dimmed">
          Saving…
        </Text>
      ) : state === "saved" ? (
        <>
          <IconCheck size={16} color="var(--mantine-color-green-7)" aria-hidden="true" />
          <Text size="sm" c="dimmed">
            Saved
          </Text>
        </>
      ) : state === "error" ? (
        <>
          <Text size="sm" c="red.8">
            Not saved: {error}
          </Text>
          <Button size="compact-sm" variant="default" onClick={onRetry}>
            Try again
          </Button>
        </>
      ) : state === "idle" ? (
        <Text size="sm" c="dimmed">
          Your answers save as you type{savedAt ? ` · last saved ${formatRelative(savedAt)}` : ""}.
        </Text>
      ) : null}
    </Group>
  );
}

const fieldAnchor = (key: string) => `onboarding-field-${key}`;
const sectionAnchor = (key: string) => `onboarding-section-${key}`;

/** Takes the person to the first field to fix (and its input). */
function goToField(key: string) {
  requestAnimationFrame(() => {
    const box = document.getElementById(fieldAnchor(key));
    if (!box) return;
    box.scrollIntoView({ behavior: "smooth", block: "center" });
    box.querySelector<HTMLElement>("input:not([type=hidden]), textarea, button")?.focus({ preventScroll: true });
  });
}

interface FillInProps {
  detail: TSubmissionDetail;
  /** Fetch the newest saved answers and start again from them (after a conflict). */
  onReload: () => void;
  /** The returned round's comments by field key (what to fix). */
  fieldComments: Record<string, string>;
}

/**
 * The client's form, section by section: every change saved as a draft, errors beside the field
 * (format on leaving it, everything on Submit), then Submit with a word on what happens next.
 */
export function FillIn({ detail, onReload, fieldComments }: FillInProps) {
  const { definition, submission } = detail.data;
  const draft = useDraft(detail);
  const submit = useSubmitSubmission(submission.id);
  const [errors, setErrors] = useState<TFieldErrors>({});
  const [files, setFiles] = useState<Record<string, TFile>>(detail.data.files);
  const [uploading, setUploading] = useState<Record<string, boolean>>({});
  const [confirming, setConfirming] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const shown = visibleFieldKeys(definition, draft.answers);
  const fields = definition.sections.flatMap((s) => s.fields);
  const anyUploading = Object.values(uploading).some(Boolean);

  const onChange = (key: string, value: TAnswer) => {
    draft.change(key, value);
    // A field shown wrong is re-checked as it is fixed.
    if (errors[key]) {
      const field = fields.find((f) => f.key === key);
      const problem = field ? answerProblem(field, value, field.required) : undefined;
      setErrors(({ [key]: _old, ...rest }) => (problem ? { ...rest, [key]: problem } : rest));
    }
  };
  const onBlur = (key: string) => {
    const field = fields.find((f) => f.key === key);
    if (!field) return;
    const problem = answerProblem(field, draft.answers[key], Boolean(errors[key]) && field.required);
    setErrors(({ [key]: _old, ...rest }) => (problem ? { ...rest, [key]: problem } : rest));
  };

  const showProblems = (problems: TFieldErrors) => {
    setErrors(problems);
    const first = fields.find((f) => problems[f.key]);
    if (first) goToField(first.key);
  };

  const askToSubmit = () => {
    setSubmitError(null);
    const problems = submissionProblems(definition, draft.answers);
    if (Object.keys(problems).length) {
      showProblems(problems);
      return;
    }
    setConfirming(true);
  };

  const doSubmit = async () => {
    setSubmitError(null);
    if (!(await draft.flush())) {
      setConfirming(false);
      if (!draft.conflicted()) setSubmitError("Your latest answers could not be saved, so the form was not submitted. Try again.");
      return;
    }
    try {
      await submit.mutateAsync({ revision: draft.revision.current });
      setConfirming(false);
      window.scrollTo({ top: 0, behavior: "smooth" });
    } catch (error) {
      setConfirming(false);
      if (isDraftConflict(error)) {
        onReload();
        return;
      }
      if (error instanceof ApiError && error.code === "validation_error") {
        const local = submissionProblems(definition, draft.answers);
        if (error.field && !local[error.field]) local[error.field] = error.message;
        if (Object.keys(local).length) {
          showProblems(local);
          return;
        }
      }
      setSubmitError(errorMessage(error));
    }
  };

  const problemCount = Object.keys(errors).filter((k) => shown.has(k)).length;

  return (
    <Stack gap="lg">
      {draft.state === "conflict" ? (
        <Alert
          color="red"
          variant="light"
          role="alert"
          title="This form was changed in another tab or device"
          icon={<IconAlertTriangle aria-hidden="true" />}
        >
          <Stack gap="sm" align="flex-start">
            <Text size="sm">
              Newer answers were saved somewhere else, so what you typed here since then was not saved. Load the latest answers to carry on
              from them.
            </Text>
            <Button size="sm" onClick={onReload}>
              Load the latest answers
            </Button>
          </Stack>
        </Alert>
      ) : null}
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 3 }} visibleFrom="md">
          <Box component="nav" aria-label="Form sections" pos="sticky" top={80}>
            <Text size="xs" fw={700} tt="uppercase" c="dimmed" mb={6}>
              Sections
            </Text>
            <Stack component="ol" gap={6} m={0} p={0} style={{ listStyle: "none" }}>
              {definition.sections.map((section, i) => {
                const toFix = section.fields.filter((f) => shown.has(f.key) && (errors[f.key] || fieldComments[f.key])).length;
                return (
                  <li key={section.key}>
                    <Anchor href={`#${sectionAnchor(section.key)}`} size="sm" c="dark">
                      {i + 1}. {section.title}
                    </Anchor>
                    {toFix ? (
                      <Badge size="xs" color="orange" variant="light" ml={6}>
                        {toFix} to fix
                      </Badge>
                    ) : null}
                  </li>
                );
              })}
            </Stack>
          </Box>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          <Stack gap="lg">
            {definition.sections.map((section, i) => {
              const visible = section.fields.filter((f) => shown.has(f.key));
              return (
                <Paper
                  key={section.key}
                  p={{ base: "md", sm: "lg" }}
                  component="section"
                  id={sectionAnchor(section.key)}
                  aria-labelledby={`${sectionAnchor(section.key)}-title`}
                  style={{ scrollMarginTop: 80 }}
                >
                  <Text size="xs" c="dimmed" fw={600}>
                    Section {i + 1} of {definition.sections.length}
                  </Text>
                  <Title order={2} fz="lg" id={`${sectionAnchor(section.key)}-title`}>
                    {section.title}
                  </Title>
                  {section.description ? (
                    <Text size="sm" c="dimmed" mt={4} style={{ whiteSpace: "pre-wrap" }}>
                      {section.description}
                    </Text>
                  ) : null}
                  <Stack gap="md" mt="md">
                    {visible.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        Nothing to fill in here for your answers so far.
                      </Text>
                    ) : null}
                    {visible.map((field) => {
                      const comment = fieldComments[field.key];
                      return (
                        <Box
                          key={field.key}
                          id={fieldAnchor(field.key)}
                          p={comment ? "sm" : 0}
                          bg={comment ? "orange.0" : undefined}
                          style={{
                            borderLeft: comment ? "3px solid var(--mantine-color-orange-6)" : undefined,
                            borderRadius: 4,
                            scrollMarginTop: 80,
                          }}
                        >
                          {comment ? (
                            <Text size="sm" mb={6}>
                              <Text span fw={700} inherit>
                                Please fix:
                              </Text>{" "}
                              {comment}
                            </Text>
                          ) : null}
                          <AnswerField
                            field={field}
                            value={draft.answers[field.key]}
                            onChange={(value) => onChange(field.key, value)}
                            onBlur={() => onBlur(field.key)}
                            error={errors[field.key]}
                            files={files}
                            onFileUploaded={(file) => setFiles((current) => ({ ...current, [file.id]: file }))}
                            onUploadingChange={(busy) => setUploading((current) => ({ ...current, [field.key]: busy }))}
                          />
                        </Box>
                      );
                    })}
                  </Stack>
                </Paper>
              );
            })}
            <Paper p={{ base: "md", sm: "lg" }} component="section" aria-labelledby="onboarding-submit-title">
              <Title order={2} fz="lg" id="onboarding-submit-title">
                Ready to send it?
              </Title>
              <Text size="sm" c="dimmed" mt={4}>
                Your answers are saved as a draft as you go, so you can stop and come back on any device. When everything is filled in,
                click “Submit” and your team will review it.
              </Text>
              {problemCount ? (
                <Text size="sm" c="red.8" mt="sm" role="alert">
                  {problemCount === 1 ? "One field needs" : `${problemCount} fields need`} your attention before you can submit.
                </Text>
              ) : null}
              {submitError ? (
                <Alert color="red" variant="light" role="alert" mt="sm">
                  {submitError}
                </Alert>
              ) : null}
              <Group justify="flex-end" mt="md">
                <Button
                  onClick={askToSubmit}
                  disabled={draft.state === "conflict" || anyUploading || !detail.policies.submit}
                  leftSection={<IconCloudUpload size={16} aria-hidden="true" />}
                >
                  Submit
                </Button>
              </Group>
              {anyUploading ? (
                <Text size="xs" c="dimmed" ta="right" mt={4} aria-live="polite">
                  Waiting for files to finish uploading…
                </Text>
              ) : null}
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
      {/* The save status stays in sight on long forms. */}
      <Box
        pos="sticky"
        bottom={0}
        py={6}
        px="sm"
        bg="var(--mantine-color-body)"
        style={{ borderTop: "1px solid var(--mantine-color-gray-2)", zIndex: 2 }}
      >
        <SaveStatus state={draft.state} savedAt={draft.savedAt} error={draft.saveError} onRetry={() => void draft.flush()} />
      </Box>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={`Submit “${submission.formName}”?`} centered>
        <Stack gap="sm">
          <Text size="sm">Your team will review your answers. While they do, the form cannot be changed.</Text>
          <Text size="sm">
            You will be notified when they approve it — or, if anything needs changing, they will return it with the fields to fix marked.
          </Text>
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Keep editing
            </Button>
            <Button onClick={() => void doSubmit()} loading={submit.isPending || draft.state === "saving"}>
              Submit
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
