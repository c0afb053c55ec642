import { Box, Group, Input, Paper, SegmentedControl, Text, Textarea } from "@mantine/core";
import { useId } from "@mantine/hooks";
import { forwardRef, type KeyboardEvent, useState } from "react";
import { Markdown } from "./Markdown";

interface MarkdownFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  description?: string;
  placeholder?: string;
  error?: React.ReactNode;
  required?: boolean;
  minRows?: number;
  /** Ctrl/⌘ + Enter. */
  onSubmitShortcut?: () => void;
  /** Background of the writing area (e.g. yellow for internal notes). */
  tone?: "default" | "note";
}

/**
 * A Markdown textarea with a Write / Preview toggle. The textarea stays in the page while
 * previewing (hidden), so its label always names a field.
 */
export const MarkdownField = forwardRef<HTMLTextAreaElement, MarkdownFieldProps>(function MarkdownField(props, ref) {
  const id = useId();
  const [mode, setMode] = useState<"write" | "preview">("write");
  const preview = mode === "preview";
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && props.onSubmitShortcut) {
      event.preventDefault();
      props.onSubmitShortcut();
    }
  };

  return (
    <Input.Wrapper
      id={id}
      label={props.label}
      description={props.description}
      error={props.error}
      required={props.required}
      withAsterisk={false}
    >
      <Group justify="space-between" gap="xs" my={6} wrap="wrap">
        <Text size="xs" c="dimmed">
          Markdown: **bold**, _italic_, - lists, [links](https://…)
        </Text>
        <SegmentedControl
          size="xs"
          aria-label="Write or preview"
          value={mode}
          onChange={(value) => setMode(value === "preview" ? "preview" : "write")}
          data={[
            { value: "write", label: "Write" },
            { value: "preview", label: "Preview" },
          ]}
        />
      </Group>
      <Box hidden={preview}>
        <Textarea
          ref={ref}
          id={id}
          value={props.value}
          onChange={(event) => props.onChange(event.currentTarget.value)}
          onKeyDown={onKeyDown}
          placeholder={props.placeholder}
          required={props.required}
          error={Boolean(props.error)}
          aria-describedby={props.error ? `${id}-error` : props.description ? `${id}-description` : undefined}
          autosize
          minRows={props.minRows ?? 5}
          maxRows={20}
          styles={props.tone === "note" ? { input: { background: "var(--mantine-color-yellow-0)" } } : undefined}
        />
      </Box>
      {preview ? (
        <Paper p="md" mih={120} bg="gray.0" aria-live="polite">
          {props.value.trim() ? (
            <Markdown>{props.value}</Markdown>
          ) : (
            <Text size="sm" c="dimmed">
              Nothing to preview yet.
            </Text>
          )}
        </Paper>
      ) : null}
    </Input.Wrapper>
  );
});
