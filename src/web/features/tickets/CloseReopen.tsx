import { Button, Group, Modal, Paper, Stack, Text, Textarea, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconCircleCheck, IconRefresh } from "@tabler/icons-react";
import { useState } from "react";
import type { TTicketSummary } from "../../../common/tickets";
import { useReferences } from "../../api/branding";
import { errorMessage } from "../../api/client";
import { AttachmentsField } from "../../components/AttachmentsField";
import { FormError } from "../../components/FormError";
import { MarkdownField } from "../../components/MarkdownField";
import { useUploads } from "../../lib/useUploads";
import { useCloseTicket, useReopenTicket } from "./api";

/** "Close ticket", confirmed in a dialog with an optional closing comment. */
export function CloseTicketButton({ ticket }: { ticket: TTicketSummary }) {
  const [opened, { open, close }] = useDisclosure(false);
  const closeTicket = useCloseTicket(ticket.id);
  const reference = useReferences().ticket(ticket.number);
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string | null>(null);

  const confirm = () => {
    setError(null);
    closeTicket.mutate(comment.trim() ? { body: comment } : {}, {
      onSuccess: () => {
        notifications.show({ color: "green", title: `${reference} closed`, message: "You can reopen it with a comment." });
        setComment("");
        close();
      },
      onError: (e) => setError(errorMessage(e)),
    });
  };

  return (
    <>
      <Button variant="default" leftSection={<IconCircleCheck size={16} aria-hidden="true" />} onClick={open}>
        Close ticket
      </Button>
      <Modal opened={opened} onClose={close} title={`Close ticket ${reference}?`} centered>
        <Stack gap="md">
          <Text size="sm">
            Close the ticket when the issue is resolved. If it should not be closed after all, it can be reopened with a comment.
          </Text>
          <FormError message={error} />
          <Textarea
            label="Closing comment (optional)"
            autosize
            minRows={3}
            value={comment}
            onChange={(event) => setComment(event.currentTarget.value)}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button onClick={confirm} loading={closeTicket.isPending}>
              Close ticket
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** The reopen form shown on a closed ticket: a comment is required. */
export function ReopenForm({ ticketId, number }: { ticketId: string; number: number }) {
  const reopen = useReopenTicket(ticketId);
  const reference = useReferences().ticket(number);
  const uploads = useUploads();
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  const send = () => {
    if (reopen.isPending || uploads.uploading) return;
    if (!body.trim()) {
      setError("Tell us why the ticket should be reopened.");
      return;
    }
    setError(null);
    setFormError(null);
    reopen.mutate(
      { body, ...(uploads.fileIds.length ? { fileIds: uploads.fileIds } : {}) },
      {
        onSuccess: () => {
          setBody("");
          uploads.reset();
          notifications.show({ color: "green", title: `${reference} reopened`, message: "It is back with the support team." });
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
          <div>
            <Title order={2} fz="md">
              Reopen ticket
            </Title>
            <Text size="sm" c="dimmed">
              If this ticket should not be closed, reopen it and tell us why. It goes back to the support team.
            </Text>
          </div>
          <FormError message={formError} />
          <MarkdownField
            label="Add a comment"
            required
            value={body}
            onChange={(value) => {
              setBody(value);
              if (error) setError(null);
            }}
            error={error}
            minRows={3}
            onSubmitShortcut={send}
          />
          <AttachmentsField uploads={uploads} />
          <Group justify="flex-end">
            <Button
              type="submit"
              loading={reopen.isPending}
              disabled={uploads.uploading}
              leftSection={<IconRefresh size={16} aria-hidden="true" />}
            >
              Reopen ticket
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
