import { Button, Group, Menu, Paper, SegmentedControl, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconChevronDown, IconMessageDots } from "@tabler/icons-react";
import { useRef, useState } from "react";
import type { TTicketDetail } from "../../../common/tickets";
import { errorMessage } from "../../api/client";
import { useAddMessage, useCannedReplies } from "../../api/tickets";
import { AttachmentsField } from "../../components/AttachmentsField";
import { FormError } from "../../components/FormError";
import { MarkdownField } from "../../components/MarkdownField";
import { useUploads } from "../../lib/useUploads";

type Kind = "reply" | "note";

/** Staff: pick a saved snippet; it is inserted where the cursor is. */
function CannedRepliesMenu({ onInsert }: { onInsert: (body: string) => void }) {
  const canned = useCannedReplies();
  const replies = canned.data?.data ?? [];
  return (
    <Menu position="bottom-end" width={300} shadow="md">
      <Menu.Target>
        <Button
          variant="default"
          size="xs"
          leftSection={<IconMessageDots size={14} aria-hidden="true" />}
          rightSection={<IconChevronDown size={14} aria-hidden="true" />}
        >
          Canned replies
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {canned.isPending ? (
          <Menu.Label>Loading…</Menu.Label>
        ) : canned.isError ? (
          <Menu.Label>Could not load canned replies.</Menu.Label>
        ) : replies.length === 0 ? (
          <Menu.Label>No canned replies yet. An administrator can add them under Admin.</Menu.Label>
        ) : (
          replies.map((reply) => (
            <Menu.Item key={reply.id} onClick={() => onInsert(reply.body)}>
              <Text size="sm" fw={500}>
                {reply.title}
              </Text>
              <Text size="xs" c="dimmed" lineClamp={1}>
                {reply.body}
              </Text>
            </Menu.Item>
          ))
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

/** "Add a comment": public reply or (staff) internal note, with attachments. */
export function ReplyBox({ ticketId, policies, staff }: { ticketId: string; policies: TTicketDetail["policies"]; staff: boolean }) {
  const add = useAddMessage(ticketId);
  const uploads = useUploads();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [kind, setKind] = useState<Kind>(policies.reply ? "reply" : "note");
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const note = kind === "note";

  const insert = (snippet: string) => {
    const element = textarea.current;
    const at = element ? element.selectionStart : body.length;
    const before = body.slice(0, at);
    const after = body.slice(at);
    const glueBefore = before && !before.endsWith("\n") ? "\n\n" : "";
    setBody(`${before}${glueBefore}${snippet}${after}`);
    requestAnimationFrame(() => element?.focus());
  };

  const send = () => {
    if (add.isPending || uploads.uploading) return;
    if (!body.trim()) {
      setError("Write a comment first.");
      return;
    }
    setError(null);
    setFormError(null);
    add.mutate(
      { body, ...(staff ? { kind } : {}), ...(uploads.fileIds.length ? { fileIds: uploads.fileIds } : {}) },
      {
        onSuccess: () => {
          setBody("");
          uploads.reset();
          notifications.show({
            color: "green",
            title: note ? "Internal note added" : staff ? "Reply sent" : "Comment added",
            message: note ? "Only the agency team can see it." : "The conversation is updated.",
          });
        },
        onError: (e) => setFormError(errorMessage(e)),
      },
    );
  };

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
          send();
        }}
      >
        <Stack gap="md">
          {staff && (policies.note || policies.reply) ? (
            <Group justify="space-between" gap="sm">
              {policies.note && policies.reply ? (
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
              <CannedRepliesMenu onInsert={insert} />
            </Group>
          ) : null}
          <FormError message={formError} />
          <MarkdownField
            ref={textarea}
            label="Add a comment"
            description={
              note ? "Internal note — not visible to the client." : staff ? "The client sees this reply and gets an email." : undefined
            }
            placeholder={note ? "Notes for the team" : "Write your comment"}
            value={body}
            onChange={(value) => {
              setBody(value);
              if (error) setError(null);
            }}
            error={error}
            minRows={4}
            tone={note ? "note" : "default"}
            onSubmitShortcut={send}
          />
          <AttachmentsField uploads={uploads} />
          <Group justify="flex-end">
            <Button type="submit" loading={add.isPending} disabled={uploads.uploading}>
              {note ? "Add internal note" : staff ? "Send reply" : "Add comment"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
