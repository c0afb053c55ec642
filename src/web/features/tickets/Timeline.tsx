import { Stack } from "@mantine/core";
import { IconArrowRight, IconCheck, IconFlag, IconPoint, IconRefresh, IconTag, IconUser } from "@tabler/icons-react";
import type { ComponentType } from "react";
import type { TTicketDetail, TTimelineItem } from "../../../common/tickets";
import { EventLine, Message } from "../../components/Conversation";
import { describeTicketEvent } from "./words";

const EVENT_ICONS: Record<string, ComponentType<{ size?: number }>> = {
  "ticket.status_changed": IconArrowRight,
  "ticket.closed": IconCheck,
  "ticket.reopened": IconRefresh,
  "ticket.assigned": IconUser,
  "ticket.unassigned": IconUser,
  "ticket.priority_changed": IconFlag,
  "ticket.category_changed": IconTag,
  "ticket.updated": IconTag,
};

function TicketEventLine({ item }: { item: TTimelineItem }) {
  const verb = item.event?.verb ?? "";
  return (
    <EventLine
      actor={item.actor}
      createdAt={item.createdAt}
      icon={EVENT_ICONS[verb] ?? IconPoint}
      text={describeTicketEvent(verb, item.event?.payload ?? {}, item.actor?.id)}
    />
  );
}

/** The conversation: the description first, then replies, notes and events, oldest first. */
export function TicketTimeline({ data }: { data: TTicketDetail["data"] }) {
  const { ticket } = data;
  return (
    <Stack component="ol" gap="sm" m={0} p={0} style={{ listStyle: "none" }} aria-label="Conversation">
      <Message
        author={ticket.createdBy}
        createdAt={ticket.createdAt}
        action="opened this ticket"
        body={data.description}
        files={data.files}
      />
      {data.timeline.map((item) =>
        item.type === "message" && item.message ? (
          <Message
            key={item.id}
            author={item.actor}
            createdAt={item.createdAt}
            action={item.message.kind === "note" ? "added an internal note" : "replied"}
            body={item.message.body}
            files={item.message.files}
            note={item.message.kind === "note"}
            viaEmail={item.message.source === "email"}
          />
        ) : item.type === "event" && item.event?.verb !== "ticket.created" ? (
          <TicketEventLine key={item.id} item={item} />
        ) : null,
      )}
    </Stack>
  );
}
