import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArrowsJoin } from "@tabler/icons-react";
import { useState } from "react";
import { useNavigate } from "react-router";
import type { TAccount } from "../../../common/schemas";
import { errorMessage } from "../../api/client";
import { ClientSelect } from "../../components/ClientSelect";
import { FormError } from "../../components/FormError";
import { useMergeAccount } from "./api";

/**
 * Admin: merge this client account into another — the fix when one company ended up with two.
 * Says exactly what moves and that it cannot be undone, then opens the account that remains.
 */
export function MergeAccountButton({ account }: { account: TAccount }) {
  const [open, setOpen] = useState(false);
  const [into, setInto] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const merge = useMergeAccount(account.id);
  const navigate = useNavigate();
  const close = () => {
    setOpen(false);
    setInto("");
    setError(null);
    setFormError(null);
  };
  const submit = () => {
    if (!into) return setError("Choose the account to merge into.");
    setFormError(null);
    merge.mutate(into, {
      onSuccess: (body) => {
        close();
        notifications.show({ color: "green", title: "Accounts merged", message: `${account.name} is now part of ${body.data.name}.` });
        void navigate(`/clients/${encodeURIComponent(body.data.id)}`);
      },
      onError: (e) => setFormError(errorMessage(e)),
    });
  };
  const contacts = account.contactCount
    ? `its ${account.contactCount} ${account.contactCount === 1 ? "contact" : "contacts"}, their support tickets`
    : "its support tickets";
  return (
    <>
      <Button variant="default" leftSection={<IconArrowsJoin size={16} aria-hidden="true" />} onClick={() => setOpen(true)}>
        Merge into another account…
      </Button>
      <Modal opened={open} onClose={close} title={`Merge ${account.name}`} size="lg">
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
              Use this when one company has two client accounts. Everything of {account.name} — {contacts}, work requests, comments, files
              and history — moves to the account you choose, its agents join that account's agents, and {account.name} is deleted.
            </Text>
            <ClientSelect
              label="Merge into"
              required
              exclude={account.id}
              value={into}
              onChange={(value) => {
                setInto(value);
                setError(null);
              }}
              error={error}
            />
            <Alert color="orange" variant="light" title="This cannot be undone">
              The merge is recorded in the audit log with what moved.
            </Alert>
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" color="red.9" loading={merge.isPending}>
                Merge accounts
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
