import { Anchor, Button, Group, Menu, Modal, Stack, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconChevronDown, IconTicket, IconTrash, IconUserPlus } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import { type TInboundMessage, ZAddSenderAsContactRequest } from "../../../common/inbound";
import { errorMessage } from "../../api/client";
import { ClientSelect } from "../../components/ClientSelect";
import { FormError } from "../../components/FormError";
import { formatDateTime } from "../../lib/format";
import { maxLengthOf } from "../../lib/limits";
import { useQuarantineActions } from "./api";

const CONTACT_NAME_MAX = maxLengthOf(ZAddSenderAsContactRequest, "name");

type Action = "create-ticket" | "add-contact" | "discard";

/** A name to start from: the display name in "Carol New <carol@…>" is not kept, so the address's local part. */
const suggestedName = (from: string) => {
  const local = from.split("@")[0] ?? "";
  return local
    .split(/[._-]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(" ");
};

/**
 * The three ways out of the quarantine for one message: create a ticket for a client account,
 * add the sender as a contact of an account and post it, or discard it. Each asks what it needs
 * in a small dialog and says plainly what will happen.
 */
export function QuarantineActions({ message }: { message: TInboundMessage }) {
  const [open, setOpen] = useState<Action | null>(null);
  const [accountId, setAccountId] = useState("");
  const [name, setName] = useState("");
  const [fieldError, setFieldError] = useState<{ accountId?: string; name?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const actions = useQuarantineActions(message.id);
  const subject = message.subject.trim() || "(no subject)";
  const named = message.ticketId ? "ticket" : message.taskId ? "work request" : null;

  const show = (action: Action) => {
    setOpen(action);
    setAccountId("");
    setName(action === "add-contact" ? suggestedName(message.from) : "");
    setFieldError({});
    setFormError(null);
  };
  const close = () => setOpen(null);
  const done = (title: string, text: string) => {
    close();
    notifications.show({ color: "green", title, message: text });
  };
  const failed = (e: unknown) => setFormError(errorMessage(e));

  const submit = () => {
    if (open === "discard") {
      actions.discard.mutate(undefined, { onSuccess: () => done("Email discarded", `“${subject}” was discarded.`), onError: failed });
      return;
    }
    const errors = {
      accountId: accountId ? undefined : "Choose the client account.",
      name: open === "add-contact" && !name.trim() ? "Enter the contact's name." : undefined,
    };
    setFieldError(errors);
    if (errors.accountId || errors.name) return;
    setFormError(null);
    if (open === "create-ticket") {
      actions.createTicket.mutate(
        { accountId },
        { onSuccess: () => done("Ticket created", `A ticket was created from “${subject}”.`), onError: failed },
      );
    } else if (open === "add-contact") {
      actions.addContact.mutate(
        { accountId, name: name.trim() },
        {
          onSuccess: () => done("Contact added", `${name.trim()} was invited and their email was posted.`),
          onError: failed,
        },
      );
    }
  };
  const pending = actions.createTicket.isPending || actions.addContact.isPending || actions.discard.isPending;
  const titles: Record<Action, string> = {
    "create-ticket": "Create a ticket from this email",
    "add-contact": "Add the sender as a contact and post",
    discard: "Discard this email",
  };

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button
            size="xs"
            variant="default"
            rightSection={<IconChevronDown size={14} aria-hidden="true" />}
            aria-label={`Actions for “${subject}”`}
          >
            Actions
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconTicket size={16} aria-hidden="true" />} onClick={() => show("create-ticket")}>
            Create ticket for…
          </Menu.Item>
          <Menu.Item
            leftSection={<IconUserPlus size={16} aria-hidden="true" />}
            onClick={() => show("add-contact")}
            disabled={!message.from}
          >
            Add sender as contact and post…
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item leftSection={<IconTrash size={16} aria-hidden="true" />} color="red" onClick={() => show("discard")}>
            Discard…
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={open !== null} onClose={close} title={open ? titles[open] : ""} size="lg">
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <Stack gap="md">
            <FormError message={formError} />
            <Text size="sm">
              From <strong>{message.from || "an unknown sender"}</strong>: “{subject}”
            </Text>
            {open === "create-ticket" ? (
              <Text size="sm">
                A new ticket is raised by you for the client account you choose, with the email's text and files. The sender's address is
                written at the top; the account's contacts see the ticket.
              </Text>
            ) : null}
            {open === "add-contact" ? (
              <Text size="sm">
                {message.from} becomes a contact of the client account you choose and gets an invitation to set a password. Their email is
                then posted as them{named ? ` into the ${named} it answered (it must belong to that account)` : " as a new ticket"}.
              </Text>
            ) : null}
            {open === "discard" ? (
              <Text size="sm">Nothing is posted. The email stays in this log as discarded, and you can still download the original.</Text>
            ) : null}
            {open === "create-ticket" || open === "add-contact" ? (
              <ClientSelect
                label="Client account"
                required
                value={accountId}
                onChange={(value) => {
                  setAccountId(value);
                  setFieldError((e) => ({ ...e, accountId: undefined }));
                }}
                error={fieldError.accountId}
              />
            ) : null}
            {open === "add-contact" ? (
              <TextInput
                label="Contact's name"
                required
                maxLength={CONTACT_NAME_MAX}
                value={name}
                onChange={(event) => {
                  setName(event.currentTarget.value);
                  setFieldError((e) => ({ ...e, name: undefined }));
                }}
                error={fieldError.name}
              />
            ) : null}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" color={open === "discard" ? "red.9" : undefined} loading={pending}>
                {open === "create-ticket" ? "Create ticket" : open === "add-contact" ? "Add contact and post" : "Discard email"}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

/** What an admin did with a message from the quarantine, in words, with a link to what it became. */
export function ResolutionText({ message }: { message: TInboundMessage }) {
  const resolution = message.resolution;
  if (!resolution) return null;
  const by = resolution.by?.name ?? "a former user";
  const when = <time dateTime={resolution.at}>{formatDateTime(resolution.at)}</time>;
  const link = message.ticketId ? (
    <Anchor component={Link} to={`/tickets/${encodeURIComponent(message.ticketId)}`} size="sm">
      Open ticket
    </Anchor>
  ) : message.taskId ? (
    <Anchor component={Link} to={`/work-requests/${encodeURIComponent(message.taskId)}`} size="sm">
      Open work request
    </Anchor>
  ) : null;
  switch (resolution.action) {
    case "ticket_created":
      return (
        <Text size="sm">
          Ticket created by {by}, {when}. {link}
        </Text>
      );
    case "contact_added":
      return (
        <Text size="sm">
          Sender added as a contact by {by} and the email posted, {when}. {link}
        </Text>
      );
    case "discarded":
      return (
        <Text size="sm">
          Discarded by {by}, {when}.
        </Text>
      );
    default: {
      const never: never = resolution.action;
      return never;
    }
  }
}
