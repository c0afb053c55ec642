import { Stack, Text, Title } from "@mantine/core";
import { CommentBox } from "../../components/CommentBox";
import { Message } from "../../components/Conversation";
import { QueryError } from "../../components/States";
import { useAddClientNote, useClientNotes } from "./api";

const WORDS = {
  button: "Add internal note",
  sent: { title: "Internal note added", message: "Only the agency team can see it." },
};

/** Staff only: the team's internal notes on a client, newest at the bottom, and a box to add one. Never shown to the client. */
export function ClientNotes({ accountId }: { accountId: string }) {
  const notes = useClientNotes(accountId);
  const add = useAddClientNote(accountId);
  return (
    <Stack gap="sm" component="section" aria-labelledby="client-notes-heading">
      <Title order={2} fz="lg" id="client-notes-heading">
        Staff notes
      </Title>
      <Text size="xs" c="dimmed">
        Only the agency team sees these notes — never the client.
      </Text>
      {notes.isError ? <QueryError error={notes.error} onRetry={() => void notes.refetch()} /> : null}
      {notes.data && notes.data.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          No notes yet.
        </Text>
      ) : null}
      {notes.data?.data.length ? (
        <Stack component="ol" gap="sm" p={0} m={0} style={{ listStyle: "none" }} aria-label="Staff notes">
          {notes.data.data.map((note) => (
            <Message
              key={note.id}
              author={note.author}
              createdAt={note.createdAt}
              action="noted"
              body={note.comment.body}
              files={note.comment.files}
              note
            />
          ))}
        </Stack>
      ) : null}
      <CommentBox send={add} policies={{ reply: false, note: true }} staff words={WORDS} minRows={2} />
    </Stack>
  );
}
