import { Stack } from "@mantine/core";
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
import type { ComponentType } from "react";
import type { TTaskDetail } from "../../../common/board";
import { CommentBox } from "../../components/CommentBox";
import { EventLine, Message } from "../../components/Conversation";
import { useCommentOnTask } from "./api";
import { describeTaskEvent } from "./words";

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
            action={item.comment.kind === "note" ? "added an internal note" : "commented"}
            body={item.comment.body}
            files={item.comment.files}
            note={item.comment.kind === "note"}
            viaEmail={item.comment.source === "email"}
          />
        ) : item.type === "event" && item.event && item.event.verb !== "task.created" ? (
          <EventLine
            key={item.id}
            actor={item.actor}
            createdAt={item.createdAt}
            icon={EVENT_ICONS[item.event.verb] ?? IconPoint}
            text={describeTaskEvent(item.event.verb, item.event.payload, item.actor?.id)}
          />
        ) : null,
      )}
    </Stack>
  );
}

/** "Add a comment" with attachments: either side, while the task is on the board; staff may add an internal note. */
export function TaskCommentBox({ taskId, policies, staff }: { taskId: string; policies: TTaskDetail["policies"]; staff: boolean }) {
  const add = useCommentOnTask(taskId);
  return (
    <CommentBox
      send={add}
      policies={{ reply: policies.comment, note: policies.note }}
      staff={staff}
      words={{
        description: staff ? "The client sees this comment and gets an email." : "Questions, answers and anything the team should know.",
        button: "Add comment",
        sent: { title: "Comment added", message: staff ? "The client is told by email." : "The team is told by email." },
        attachments: "Files and screenshots for the team",
      }}
    />
  );
}
