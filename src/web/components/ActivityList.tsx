import { Anchor, Avatar, Group, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import type { TEvent } from "../../common/schemas";
import { useReferences } from "../api/branding";
import { describeObject, describeVerb } from "../lib/event-words";
import { formatDateTime, formatRelative } from "../lib/format";
import { initials } from "../lib/initials";

type References = ReturnType<typeof useReferences>;

/** A ticket or work request by its reference and title ("SUP-1042 Printer jammed") with its page; anything else as before. */
function objectOf(event: TEvent, references: References): { name: string; href: string | null } {
  const { payload } = event;
  const number = typeof payload.number === "number" ? payload.number : null;
  const id = encodeURIComponent(event.objectId);
  if (event.objectType === "ticket" && number !== null) {
    const subject = typeof payload.subject === "string" ? payload.subject : "";
    return { name: `${references.ticket(number)} ${subject}`.trim(), href: `/tickets/${id}` };
  }
  if (event.objectType === "task" && number !== null) {
    const summary = typeof payload.summary === "string" ? payload.summary : "";
    return { name: `${references.task(number)} ${summary}`.trim(), href: `/work-requests/${id}` };
  }
  return { name: describeObject(event), href: null };
}

/** A short feed of domain events in plain words: who did what, to which ticket or request, when. */
export function ActivityList({ events }: { events: TEvent[] }) {
  const references = useReferences();
  return (
    <Stack component="ul" gap={0} m={0} p={0} style={{ listStyle: "none" }}>
      {events.map((event) => {
        const actor = event.actor?.name ?? "System";
        const object = objectOf(event, references);
        return (
          <Group
            component="li"
            key={event.id}
            wrap="nowrap"
            align="flex-start"
            gap="sm"
            py="sm"
            style={{ borderTop: "1px solid var(--mantine-color-gray-2)" }}
          >
            <Avatar size={32} radius="xl" color="indigo" aria-hidden="true">
              {initials(actor)}
            </Avatar>
            <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
              <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                <Text span fw={600} inherit>
                  {describeVerb(event.verb)}
                </Text>{" "}
                <Text span c="dimmed" inherit>
                  ·{" "}
                  {object.href ? (
                    <Anchor component={Link} to={object.href} inherit>
                      {object.name}
                    </Anchor>
                  ) : (
                    object.name
                  )}
                </Text>
              </Text>
              <Text size="xs" c="dimmed">
                by {actor} ·{" "}
                <time dateTime={event.createdAt} title={formatDateTime(event.createdAt)}>
                  {formatRelative(event.createdAt)}
                </time>
              </Text>
            </Stack>
          </Group>
        );
      })}
    </Stack>
  );
}
