import { Avatar, Group, Stack, Text } from "@mantine/core";
import type { TEvent } from "../../common/schemas";
import { describeObject, describeVerb, formatDateTime, formatRelative, initials } from "../lib/format";

/** A short feed of domain events in plain words: who did what, when. */
export function ActivityList({ events }: { events: TEvent[] }) {
  return (
    <Stack component="ul" gap={0} m={0} p={0} style={{ listStyle: "none" }}>
      {events.map((event) => {
        const actor = event.actor?.name ?? "System";
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
              <Text size="sm">
                <Text span fw={600} inherit>
                  {describeVerb(event.verb)}
                </Text>{" "}
                <Text span c="dimmed" inherit>
                  · {describeObject(event)}
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
