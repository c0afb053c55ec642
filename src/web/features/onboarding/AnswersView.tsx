import { Alert, Anchor, Box, Button, Group, Paper, Stack, Text, Textarea, Title } from "@mantine/core";
import { IconMessage } from "@tabler/icons-react";
import type { ReactNode } from "react";
import type { TFile } from "../../../common/conversations";
import { answerText, type TAnswers, type TFormDefinition, type TFormField, visibleFieldKeys } from "../../../common/onboarding";

function AnswerValue({ field, answers, files }: { field: TFormField; answers: TAnswers; files: Record<string, TFile> }) {
  const value = answers[field.key];
  if (field.type === "file" && Array.isArray(value) && value.length) {
    return (
      <Stack component="ul" gap={2} m={0} p={0} style={{ listStyle: "none" }}>
        {value.map((id) => (
          <li key={id}>
            {files[id] ? (
              <Anchor href={files[id].url} size="sm">
                {files[id].name}
              </Anchor>
            ) : (
              <Text size="sm" c="dimmed">
                A file that is no longer available
              </Text>
            )}
          </li>
        ))}
      </Stack>
    );
  }
  const text = answerText(field, value);
  return text ? (
    <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
      {text}
    </Text>
  ) : (
    <Text size="sm" c="dimmed">
      Not answered
    </Text>
  );
}

export interface FieldCommenting {
  comments: Record<string, string>;
  open: Set<string>;
  onOpen: (key: string) => void;
  onChange: (key: string, text: string) => void;
  onRemove: (key: string) => void;
}

interface AnswersViewProps {
  definition: TFormDefinition;
  answers: TAnswers;
  files: Record<string, TFile>;
  /** The agent's comments of a returned round, shown on the fields they name. */
  fieldComments?: Record<string, string>;
  /** The review panel's per-field comment boxes ("Comment" beside each field). */
  commenting?: FieldCommenting;
  /** Heading level of the section titles (keeps the page's order). */
  order?: 2 | 3 | 4;
}

function CommentBox({ field, commenting }: { field: TFormField; commenting: FieldCommenting }) {
  if (!commenting.open.has(field.key)) {
    return (
      <Button
        variant="subtle"
        size="compact-sm"
        leftSection={<IconMessage size={14} aria-hidden="true" />}
        onClick={() => commenting.onOpen(field.key)}
        aria-label={`Comment on ${field.label}`}
      >
        Comment
      </Button>
    );
  }
  return (
    <Stack gap={4} mt="xs">
      <Textarea
        label={`What to fix in “${field.label}”`}
        autosize
        minRows={2}
        maxLength={2000}
        value={commenting.comments[field.key] ?? ""}
        onChange={(e) => commenting.onChange(field.key, e.currentTarget.value)}
        autoFocus
      />
      <Group justify="flex-end">
        <Button variant="subtle" color="gray" size="compact-sm" onClick={() => commenting.onRemove(field.key)}>
          Remove comment
        </Button>
      </Group>
    </Stack>
  );
}

/** The answers, read-only, section by section (only the fields shown for these answers). */
export function AnswersView({ definition, answers, files, fieldComments = {}, commenting, order = 3 }: AnswersViewProps) {
  const shown = visibleFieldKeys(definition, answers);
  return (
    <Stack gap="md">
      {definition.sections.map((section) => {
        const fields = section.fields.filter((f) => shown.has(f.key));
        if (fields.length === 0) return null;
        return (
          <Paper key={section.key} p={{ base: "sm", sm: "md" }}>
            <Title order={order} fz="md" mb="sm">
              {section.title}
            </Title>
            <Stack gap={0}>
              {fields.map((field, i) => {
                const comment = fieldComments[field.key];
                const marked = Boolean(comment) || Boolean(commenting?.open.has(field.key));
                return (
                  <Box
                    key={field.key}
                    py="sm"
                    px={marked ? "sm" : 0}
                    bg={marked ? "orange.0" : undefined}
                    style={{
                      borderTop: i === 0 ? undefined : "1px solid var(--mantine-color-gray-2)",
                      borderLeft: marked ? "3px solid var(--mantine-color-orange-6)" : undefined,
                    }}
                  >
                    <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
                      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
                        <Text size="sm" fw={600}>
                          {field.label}
                        </Text>
                        <AnswerValue field={field} answers={answers} files={files} />
                      </Stack>
                      {commenting && !commenting.open.has(field.key) ? <CommentBox field={field} commenting={commenting} /> : null}
                    </Group>
                    {commenting?.open.has(field.key) ? <CommentBox field={field} commenting={commenting} /> : null}
                    {comment ? (
                      <Text size="sm" mt={4}>
                        <Text span fw={700} inherit>
                          Please fix:
                        </Text>{" "}
                        {comment}
                      </Text>
                    ) : null}
                  </Box>
                );
              })}
            </Stack>
          </Paper>
        );
      })}
    </Stack>
  );
}

/** The agent's comment on a returned round, above the form. */
export function ReturnedBanner({ comment, count, children }: { comment: string; count: number; children?: ReactNode }) {
  return (
    <Alert color="orange" variant="light" title="Your team returned the form — please fix the marked fields">
      <Stack gap={6}>
        {comment ? (
          <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
            {comment}
          </Text>
        ) : null}
        {count > 0 ? (
          <Text size="sm">
            {count === 1 ? "One field is marked" : `${count} fields are marked`} below with what to change. Fix them, then click “Submit”
            again.
          </Text>
        ) : (
          <Text size="sm">Make the changes asked for, then click “Submit” again.</Text>
        )}
        {children}
      </Stack>
    </Alert>
  );
}
