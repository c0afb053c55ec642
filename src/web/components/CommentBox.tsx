import { Button, Group, Paper, SegmentedControl, Stack } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { UseMutationResult } from "@tanstack/react-query";
import { type ReactNode, useRef, useState } from "react";
import type { TAddCommentRequest, TCommentKind } from "../../common/conversations";
import { errorMessage } from "../api/client";
import { useUploads } from "../lib/useUploads";
import { AttachmentsField } from "./AttachmentsField";
import { FormError } from "./FormError";
import { MarkdownField } from "./MarkdownField";

/** What the box says for a public comment on this kind of object, to staff and to the client. */
export interface CommentWords {
  /** Under the label; none when the label says it all. */
  description?: string;
  button: string;
  sent: { title: string; message: string };
  /** Under the attachments field. */
  attachments?: string;
}

/** An internal note reads the same on every object. */
const NOTE_WORDS: CommentWords = {
  description: "Internal note — not visible to the client.",
  button: "Add internal note",
  sent: { title: "Internal note added", message: "Only the agency team can see it." },
};

/**
 * "Add a comment" on any conversation: a public reply or (staff, where the server's policies
 * allow it) an internal note, with attachments. `toolbar` adds controls beside the type switch
 * (a ticket's canned replies) and may insert text where the cursor is.
 */
export function CommentBox({
  send,
  policies,
  staff,
  words,
  minRows = 3,
  toolbar,
}: {
  send: UseMutationResult<unknown, Error, TAddCommentRequest>;
  policies: { reply: boolean; note: boolean };
  staff: boolean;
  words: CommentWords;
  minRows?: number;
  toolbar?: (insert: (snippet: string) => void) => ReactNode;
}) {
  const uploads = useUploads();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [kind, setKind] = useState<TCommentKind>(policies.reply ? "reply" : "note");
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const note = kind === "note";
  const shown = note ? NOTE_WORDS : words;

  const insert = (snippet: string) => {
    const element = textarea.current;
    const at = element ? element.selectionStart : body.length;
    const before = body.slice(0, at);
    const glueBefore = before && !before.endsWith("\n") ? "\n\n" : "";
    setBody(`${before}${glueBefore}${snippet}${body.slice(at)}`);
    requestAnimationFrame(() => element?.focus());
  };

  const submit = () => {
    if (send.isPending || uploads.uploading) return;
    if (!body.trim()) {
      setError("Write a comment first.");
      return;
    }
    setError(null);
    setFormError(null);
    send.mutate(
      { body, ...(staff ? { kind } : {}), ...(uploads.fileIds.length ? { fileIds: uploads.fileIds } : {}) },
      {
        onSuccess: () => {
          setBody("");
          uploads.reset();
          notifications.show({ color: "green", ...shown.sent });
        },
        onError: (e) => setFormError(errorMessage(e)),
      },
    );
  };

  const switcher = staff && policies.note && policies.reply;
  const tools = staff ? toolbar?.(insert) : null;
  return (
    <Paper
      p={{ base: "md", sm: "lg" }}
      bg={note ? "yellow.0" : undefined}
      style={note ? { borderColor: "var(--mantine-color-yellow-5)" } : undefined}
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack gap="md">
          {switcher || tools ? (
            <Group justify="space-between" gap="sm">
              {switcher ? (
                <SegmentedControl
                  aria-label="Comment type"
                  value={kind}
                  onChange={(value) => setKind(value === "note" ? "note" : "reply")}
                  data={[
                    { value: "reply", label: "Public reply" },
                    { value: "note", label: "Internal note" },
                  ]}
                />
              ) : (
                <span />
              )}
              {tools}
            </Group>
          ) : null}
          <FormError message={formError} />
          <MarkdownField
            ref={textarea}
            label="Add a comment"
            description={shown.description}
            placeholder={note ? "Notes for the team" : "Write your comment"}
            value={body}
            onChange={(value) => {
              setBody(value);
              if (error) setError(null);
            }}
            error={error}
            minRows={minRows}
            tone={note ? "note" : "default"}
            onSubmitShortcut={submit}
          />
          <AttachmentsField uploads={uploads} description={words.attachments} />
          <Group justify="flex-end">
            <Button type="submit" loading={send.isPending} disabled={uploads.uploading}>
              {shown.button}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
