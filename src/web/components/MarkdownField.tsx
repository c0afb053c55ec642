import { ActionIcon, Box, Group, Input, Paper, SegmentedControl, Text, Textarea, Tooltip } from "@mantine/core";
import { useId, useMergedRef } from "@mantine/hooks";
import { IconBold, IconItalic, IconLink, IconList } from "@tabler/icons-react";
import { forwardRef, type KeyboardEvent, useRef, useState } from "react";
import { changedRange, insertLink, type TextSelection, toggleBold, toggleBulletList, toggleItalic } from "../lib/markdown-edit";
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

type Edit = (s: TextSelection) => TextSelection;

/** The toolbar's buttons: what each does, its words and its shortcut key (with Ctrl/⌘). */
const TOOLS: { name: string; icon: typeof IconBold; edit: Edit; key?: string }[] = [
  { name: "Bold", icon: IconBold, edit: toggleBold, key: "b" },
  { name: "Italic", icon: IconItalic, edit: toggleItalic, key: "i" },
  { name: "Bulleted list", icon: IconList, edit: toggleBulletList },
  { name: "Link", icon: IconLink, edit: insertLink, key: "k" },
];

const isMac = () => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.userAgent);

/**
 * Makes an edit in the textarea and selects what the edit says. Why `insertText`: a change made
 * through it is one step in the browser's undo history (Ctrl+Z takes the bold off again), and it
 * fires the input event React listens to; where the browser refuses it, the value is set.
 */
function applyEdit(element: HTMLTextAreaElement, edit: Edit, onChange: (value: string) => void) {
  const current = { value: element.value, start: element.selectionStart, end: element.selectionEnd };
  const next = edit(current);
  const change = changedRange(current.value, next.value);
  element.focus();
  element.setSelectionRange(change.from, change.to);
  let done = false;
  try {
    done = change.text ? document.execCommand("insertText", false, change.text) : document.execCommand("delete");
  } catch {
    done = false;
  }
  if (!done || element.value !== next.value) onChange(next.value);
  const select = () => element.setSelectionRange(next.start, next.end);
  select();
  // After React has written the new value (the fallback path), the selection is set again.
  requestAnimationFrame(select);
}

/**
 * A Markdown textarea with a small formatting toolbar (Bold, Italic, Bulleted list, Link, with
 * Ctrl/⌘+B, I and K) and a Write / Preview toggle, so nobody needs to know Markdown. The
 * textarea stays in the page while previewing (hidden), so its label always names a field.
 */
export const MarkdownField = forwardRef<HTMLTextAreaElement, MarkdownFieldProps>(function MarkdownField(props, ref) {
  const id = useId();
  const inner = useRef<HTMLTextAreaElement>(null);
  const textareaRef = useMergedRef(ref, inner);
  const [mode, setMode] = useState<"write" | "preview">("write");
  const preview = mode === "preview";
  const mac = isMac();

  const run = (edit: Edit) => {
    if (inner.current) applyEdit(inner.current, edit, props.onChange);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    const mod = event.ctrlKey || event.metaKey;
    if (event.key === "Enter" && mod && props.onSubmitShortcut) {
      event.preventDefault();
      props.onSubmitShortcut();
      return;
    }
    if (!mod || event.altKey || event.shiftKey) return;
    const tool = TOOLS.find((t) => t.key && t.key === event.key.toLowerCase());
    if (tool) {
      event.preventDefault();
      run(tool.edit);
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
        <Group gap={2} role="group" aria-label="Formatting" wrap="nowrap">
          {TOOLS.map((tool) => {
            const shortcut = tool.key ? `${mac ? "⌘" : "Ctrl+"}${tool.key.toUpperCase()}` : undefined;
            return (
              <Tooltip key={tool.name} label={shortcut ? `${tool.name} (${shortcut})` : tool.name} withArrow openDelay={300}>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="lg"
                  aria-label={tool.name}
                  aria-controls={id}
                  aria-keyshortcuts={tool.key ? `${mac ? "Meta" : "Control"}+${tool.key.toUpperCase()}` : undefined}
                  disabled={preview}
                  // Why: a click must not take the focus (and so the selection) from the textarea.
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => run(tool.edit)}
                >
                  <tool.icon size={18} stroke={1.8} aria-hidden="true" />
                </ActionIcon>
              </Tooltip>
            );
          })}
        </Group>
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
          ref={textareaRef}
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
