import { Button, Menu, Text } from "@mantine/core";
import { IconChevronDown, IconMessageDots } from "@tabler/icons-react";
import { excerptOf } from "../../../common/markdown-text";
import type { TTicketDetail } from "../../../common/tickets";
import { CommentBox } from "../../components/CommentBox";
import { useAddMessage, useCannedReplies } from "./api";

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
                {excerptOf(reply.body, 120)}
              </Text>
            </Menu.Item>
          ))
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

/** "Add a comment" on a ticket: public reply or (staff) internal note, with attachments and canned replies. */
export function ReplyBox({ ticketId, policies, staff }: { ticketId: string; policies: TTicketDetail["policies"]; staff: boolean }) {
  const add = useAddMessage(ticketId);
  return (
    <CommentBox
      send={add}
      policies={policies}
      staff={staff}
      minRows={4}
      words={
        staff
          ? {
              description: "The client sees this reply and gets an email.",
              button: "Send reply",
              sent: { title: "Reply sent", message: "The conversation is updated." },
            }
          : { button: "Add comment", sent: { title: "Comment added", message: "The conversation is updated." } }
      }
      toolbar={(insert) => <CannedRepliesMenu onInsert={insert} />}
    />
  );
}
