import { Button, Group, Modal, Radio, Stack, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useEffect, useState } from "react";
import { companyKey } from "../../../common/accounts";
import type { TUser } from "../../../common/schemas";
import { errorMessage } from "../../api/client";
import { ClientSelect } from "../../components/ClientSelect";
import { FormError } from "../../components/FormError";
import { useAccounts } from "../clients/api";
import { useUpdateUser } from "./api";

/**
 * The pending-registration review for someone not yet in a client account: place them in their
 * company's existing account (offered first when its name matches what they typed) or create
 * one, and approve them — one step, so nobody is approved into no account.
 */
export function PlaceRegistrationModal({ user, opened, onClose }: { user: TUser; opened: boolean; onClose: () => void }) {
  const update = useUpdateUser();
  const company = user.company ?? "";
  const matches = useAccounts({ q: company.trim() || undefined });
  const match = (matches.data?.data ?? []).find((a) => company && companyKey(a.name) === companyKey(company));
  const [mode, setMode] = useState<"existing" | "new">("existing");
  const [accountId, setAccountId] = useState("");
  const [name, setName] = useState(company || user.name);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  // An account already named as they typed is the likely home: choose it until the admin picks another.
  useEffect(() => {
    if (match && !accountId) setAccountId(match.id);
  }, [match, accountId]);

  const submit = () => {
    setFormError(null);
    if (mode === "existing" && !accountId) return setFieldError("Choose the client account they belong to.");
    if (mode === "new" && !name.trim()) return setFieldError("Enter the company name.");
    update.mutate(
      { id: user.id, status: "active", ...(mode === "existing" ? { accountId } : { newAccountName: name.trim() }) },
      {
        onSuccess: (body) => {
          notifications.show({
            color: "green",
            title: "Registration approved",
            message: `${user.name} can log in now, as a contact of ${body.data.accountName ?? "the account"}.`,
          });
          onClose();
        },
        onError: (e) => setFormError(errorMessage(e)),
      },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title={`Place and approve ${user.name}`} size="lg">
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
            {user.name} ({user.email}) registered{company ? ` for the company “${company}”` : ""} and confirmed their email. Choose the
            client account they belong to; they are told by email when they can log in.
          </Text>
          <Radio.Group
            label="Client account"
            value={mode}
            onChange={(value) => {
              setMode(value === "new" ? "new" : "existing");
              setFieldError(null);
            }}
          >
            <Stack gap="xs" mt="xs">
              <Radio value="existing" label="Add them to an existing client account" />
              <Radio value="new" label="Create a new client account for them" />
            </Stack>
          </Radio.Group>
          {mode === "existing" ? (
            <ClientSelect
              label="Existing account"
              description={match ? `“${match.name}” matches the company they gave.` : undefined}
              required
              value={accountId}
              onChange={(value) => {
                setAccountId(value);
                setFieldError(null);
              }}
              error={fieldError}
            />
          ) : (
            <TextInput
              label="Company name of the new account"
              required
              value={name}
              onChange={(event) => {
                setName(event.currentTarget.value);
                setFieldError(null);
              }}
              error={fieldError}
            />
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={update.isPending}>
              Place and approve
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
