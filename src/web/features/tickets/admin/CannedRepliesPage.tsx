import { Box, Button, Group, Modal, Paper, Skeleton, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconMessageDots, IconPencil, IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { plainTextOf } from "../../../../common/markdown-text";
import type { TCannedReply } from "../../../../common/tickets";
import { ZCannedReplyRequest } from "../../../../common/tickets";
import { errorMessage } from "../../../api/client";
import { FormError } from "../../../components/FormError";
import { PageHeader } from "../../../components/PageHeader";
import { EmptyState, QueryError } from "../../../components/States";
import { formatDateTime } from "../../../lib/format";
import { applyServerError } from "../../../lib/forms";
import { atMost, maxLengthOf } from "../../../lib/limits";
import { useCannedReplies, useDeleteCannedReply, useSaveCannedReply } from "../api";

const TITLE_MAX = maxLengthOf(ZCannedReplyRequest, "title");

/** Create (no `reply`) or edit a canned reply. */
function EditorModal({ reply, onClose }: { reply: TCannedReply | null; onClose: () => void }) {
  const save = useSaveCannedReply();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: "uncontrolled",
    initialValues: { title: reply?.title ?? "", body: reply?.body ?? "" },
    validate: {
      title: (value) => (!value.trim() ? "Enter a title." : value.trim().length > TITLE_MAX ? atMost(TITLE_MAX) : null),
      body: (value) => (value.trim() ? null : "Enter the text of the reply."),
    },
  });
  const submit = form.onSubmit((values) => {
    setFormError(null);
    save.mutate(
      { id: reply?.id, title: values.title.trim(), body: values.body },
      {
        onSuccess: () => {
          notifications.show({ color: "green", title: reply ? "Canned reply saved" : "Canned reply added", message: values.title.trim() });
          onClose();
        },
        onError: (error) => setFormError(applyServerError(form, error)),
      },
    );
  });
  return (
    <Modal opened onClose={onClose} title={reply ? "Edit canned reply" : "New canned reply"} centered size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError message={formError} />
          <TextInput
            label="Title"
            description="What staff see in the Canned replies menu."
            required
            key={form.key("title")}
            {...form.getInputProps("title")}
          />
          <Textarea
            label="Body"
            description="Inserted into the comment box. Markdown works."
            required
            autosize
            minRows={6}
            maxRows={16}
            key={form.key("body")}
            {...form.getInputProps("body")}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {reply ? "Save changes" : "Add canned reply"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DeleteModal({ reply, onClose }: { reply: TCannedReply; onClose: () => void }) {
  const remove = useDeleteCannedReply();
  return (
    <Modal opened onClose={onClose} title={`Delete “${reply.title}”?`} centered>
      <Stack gap="md">
        <Text size="sm">Staff will no longer see it in the Canned replies menu. Messages already sent are not changed.</Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color="red.9"
            loading={remove.isPending}
            onClick={() =>
              remove.mutate(reply.id, {
                onSuccess: () => {
                  notifications.show({ color: "green", title: "Canned reply deleted", message: reply.title });
                  onClose();
                },
                onError: (e) => notifications.show({ color: "red", title: "Could not delete", message: errorMessage(e) }),
              })
            }
          >
            Delete
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function CannedRepliesPage() {
  const replies = useCannedReplies();
  const [editing, setEditing] = useState<TCannedReply | "new" | null>(null);
  const [deleting, setDeleting] = useState<TCannedReply | null>(null);
  const newButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => setEditing("new")}>
      New canned reply
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Canned replies"
        description="Saved answers agents insert into a ticket reply from the Canned replies menu, then adjust before sending."
        actions={newButton}
      />
      {replies.isPending ? (
        <Stack gap="sm" aria-busy="true" aria-label="Loading canned replies">
          <Skeleton h={80} radius="md" />
          <Skeleton h={80} radius="md" />
        </Stack>
      ) : replies.isError ? (
        <QueryError error={replies.error} onRetry={() => void replies.refetch()} />
      ) : replies.data.data.length === 0 ? (
        <EmptyState title="No canned replies yet" icon={<IconMessageDots size={26} />} action={newButton}>
          Save the answers your team gives often, such as “We are looking into it” or “Please clear your browser cache”.
        </EmptyState>
      ) : (
        <Stack component="ul" gap="sm" m={0} p={0} style={{ listStyle: "none" }}>
          {replies.data.data.map((reply) => (
            <Paper component="li" key={reply.id} p="md">
              <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
                <Box style={{ flex: "1 1 240px", minWidth: 0 }}>
                  <Title order={2} fz="sm" fw={600}>
                    {reply.title}
                  </Title>
                  <Text size="sm" c="dimmed" lineClamp={2} mt={4} style={{ whiteSpace: "pre-line" }}>
                    {plainTextOf(reply.body)}
                  </Text>
                  <Text size="xs" c="dimmed" mt={4}>
                    Updated {formatDateTime(reply.updatedAt)}
                  </Text>
                </Box>
                <Group gap="xs" wrap="nowrap">
                  <Button
                    variant="default"
                    size="xs"
                    leftSection={<IconPencil size={14} aria-hidden="true" />}
                    onClick={() => setEditing(reply)}
                    aria-label={`Edit ${reply.title}`}
                  >
                    Edit
                  </Button>
                  <Button
                    variant="subtle"
                    color="red.9"
                    size="xs"
                    leftSection={<IconTrash size={14} aria-hidden="true" />}
                    onClick={() => setDeleting(reply)}
                    aria-label={`Delete ${reply.title}`}
                  >
                    Delete
                  </Button>
                </Group>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      {editing ? <EditorModal reply={editing === "new" ? null : editing} onClose={() => setEditing(null)} /> : null}
      {deleting ? <DeleteModal reply={deleting} onClose={() => setDeleting(null)} /> : null}
    </>
  );
}
