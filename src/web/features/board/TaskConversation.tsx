import { Button, Group, Paper, Stack } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import {
  IconArchive,
  IconArrowRight,
  IconCircleCheck,
  IconEdit,
  IconFileDollar,
  IconPlus,
  IconPoint,
  IconRefresh,
  IconShieldCheck,
  IconThumbDown,
} from "@tabler/icons-react";
import { type ComponentType, useState } from "react";
import type { TTaskDetail } from "../../../common/board";
import { useCommentOnTask } from "../../api/board";
import { errorMessage } from "../../api/client";
import { AttachmentsField } from "../../components/AttachmentsField";
import { EventLine, Message } from "../../components/Conversation";
import { FormError } from "../../components/FormError";
import { MarkdownField } from "../../components/MarkdownField";
import { describeTaskEvent } from "../../lib/board";
import { useUploads } from "../../lib/useUploads";

const EVENT_ICONS: Record<string, ComponentType<{ size?: number }>> = {
  "task.created": IconPlus,
  "task.updated": IconEdit,
  "task.moved": IconArrowRight,
  "task.quoted": IconFileDollar,
  "task.quote_accepted": IconCircleCheck,
  "task.quote_declined": IconThumbDown,
  "task.approved": IconCircleCheck,
  "task.changes_requested": IconRefresh,
  "task.completed_by_admin": IconShieldCheck,
  "task.archived": IconArchive,
  "task.unarchived": IconArchive,
};

/** The card's activity: the request itself first, then comments and history lines, oldest first. */
export function TaskTimeline({ data }: { data: TTaskDetail["data"] }) {
  return (
    <Stack component="ol" gap="sm" m={0} p={0} style={{ listStyle: "none" }} aria-label="Activity">
      <Message
        author={data.createdBy}
        createdAt={data.task.createdAt}
        action="logged this work request"
        body={data.description || "_No description._"}
        files={data.files}
      />
      {data.timeline.map((item) =>
        item.type === "comment" && item.comment ? (
          <Message
            key={item.id}
            author={item.actor}
            createdAt={item.createdAt}
            action="commented"
            body={item.comment.body}
            files={item.comment.files}
            viaEmail={item.comment.source === "email"}
          />
        ) : item.type === "event" && item.event && item.event.verb !== "task.created" ? (
          <EventLine
            key={item.id}
            actor={item.actor}
            createdAt={item.createdAt}
            icon={EVENT_ICONS[item.event.verb] ?? IconPoint}
            text={describeTaskEvent(item.event.verb, item.event.payload)}
          />
        ) : null,
      )}
    </Stack>
  );
}

/** "Add a comment" with attachments: either side, while the task is on the board. */
export function TaskCommentBox({ taskId, staff }: { taskId: string; staff: boolean }) {
  const add = useCommentOnTask(taskId);
  const uploads = useUploads();
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  const send = () => {
    if (add.isPending || uploads.uploading) return;
    if (!body.trim()) return setError("Write a comment first.");
    setError(null);
    setFormError(null);
    add.mutate(
      { body, ...(uploads.fileIds.length ? { fileIds: uploads.fileIds } : {}) },
      {
        onSuccess: () => {
          setBody("");
          uploads.reset();
          notifications.show({
            color: "green",
            title: "Comment added",
            message: staff ? "The client is told by email." : "The team is told by email.",
          });
        },
        onError: (e) => setFormError(errorMessage(e)),
      },
    );
  };

  return (
    <Paper p={{ base: "md", sm: "lg" }}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          send();
        }}
      >
        <Stack gap="md">
          <FormError message={formError} />
          <MarkdownField
            label="Add a comment"
            description={
              staff ? "The client sees this comment and gets an email." : "Questions, answers and anything the team should know."
            }
            placeholder="Write your comment"
            value={body}
            onChange={(value) => {
              setBody(value);
              if (error) setError(null);
            }}
            error={error}
            minRows={3}
            onSubmitShortcut={send}
          />
          <AttachmentsField uploads={uploads} description="Files and screenshots for the team" />
          <Group justify="flex-end">
            <Button type="submit" loading={add.isPending} disabled={uploads.uploading}>
              Add comment
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
