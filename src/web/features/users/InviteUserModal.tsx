import { Button, Group, Modal, NativeSelect, Select, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import type { TRole } from "../../../common/schemas";
import { FormError } from "../../components/FormError";
import { ROLE_LABELS } from "../../lib/format";
import { applyServerError, validateEmail, validateRequired } from "../../lib/forms";
import { useAccounts } from "../clients/api";
import { useInviteUser } from "./api";

const ROLE_OPTIONS = (Object.keys(ROLE_LABELS) as TRole[]).map((role) => ({ value: role, label: ROLE_LABELS[role] }));

interface InviteUserModalProps {
  opened: boolean;
  onClose: () => void;
  /** Inviting a contact for one client account: role and account are fixed. */
  account?: { id: string; name: string };
}

interface Values {
  email: string;
  name: string;
  role: TRole;
  accountId: string;
}

/** A searchable Select over client accounts (searches the API as you type). */
export function AccountSelect(props: { value: string; onChange: (value: string) => void; error?: string }) {
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 250);
  const accounts = useAccounts({ q: debounced || undefined });
  const options = (accounts.data?.data ?? []).map((a) => ({ value: a.id, label: a.name }));
  return (
    <Select
      label="Client account"
      description="The company this contact belongs to."
      placeholder="Search client accounts"
      required
      searchable
      data={options}
      value={props.value || null}
      onChange={(value) => props.onChange(value ?? "")}
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage={accounts.isFetching ? "Loading…" : "No client account found"}
      error={props.error}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

/** Invites a person by email; they choose a username and password from the link we send. */
export function InviteUserModal({ opened, onClose, account }: InviteUserModalProps) {
  const invite = useInviteUser();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    mode: "controlled",
    initialValues: { email: "", name: "", role: account ? "client" : "agent", accountId: account?.id ?? "" },
    validate: {
      email: validateEmail,
      name: validateRequired("the full name"),
      accountId: (value, values) => (values.role === "client" && !value ? "Choose the client account." : null),
    },
  });

  const close = () => {
    form.reset();
    setFormError(null);
    onClose();
  };

  const submit = form.onSubmit((values) => {
    setFormError(null);
    invite.mutate(
      {
        email: values.email.trim(),
        name: values.name.trim(),
        role: values.role,
        ...(values.role === "client" ? { accountId: values.accountId } : {}),
      },
      {
        onSuccess: (body) => {
          notifications.show({
            color: "green",
            title: "Invitation sent",
            message: `We emailed ${body.data.email} a link to set a password.`,
          });
          close();
        },
        onError: (error) => setFormError(applyServerError(form, error)),
      },
    );
  });

  return (
    <Modal opened={opened} onClose={close} title={account ? "Invite contact" : "Invite user"} centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {account ? (
            <Text size="sm" c="dimmed">
              The contact will belong to <strong>{account.name}</strong> and see only its data.
            </Text>
          ) : null}
          <FormError message={formError} />
          <TextInput label="Email" type="email" required autoComplete="off" {...form.getInputProps("email")} />
          <TextInput label="Full name" required autoComplete="off" {...form.getInputProps("name")} />
          {account ? null : <NativeSelect label="Role" required data={ROLE_OPTIONS} {...form.getInputProps("role")} />}
          {!account && form.values.role === "client" ? (
            <AccountSelect
              value={form.values.accountId}
              onChange={(value) => form.setFieldValue("accountId", value)}
              error={typeof form.errors.accountId === "string" ? form.errors.accountId : undefined}
            />
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={invite.isPending}>
              Send invitation
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
