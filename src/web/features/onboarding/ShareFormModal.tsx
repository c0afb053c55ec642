import { Button, Group, Modal, Select, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useNavigate } from "react-router";
import { errorMessage } from "../../api/client";
import { ClientSelect } from "../../components/ClientSelect";
import { FormError } from "../../components/FormError";
import { useForms, useShareForm } from "./api";

interface ShareFormModalProps {
  opened: boolean;
  onClose: () => void;
  /** Start with this client chosen (e.g. from the queue's client filter). */
  accountId?: string;
}

/**
 * Staff share a form with a client account: the client gets its latest published version as a
 * new submission, and is notified. Only published, unarchived forms are offered.
 */
export function ShareFormModal({ opened, onClose, accountId = "" }: ShareFormModalProps) {
  const navigate = useNavigate();
  const forms = useForms({ enabled: opened });
  const share = useShareForm();
  const [account, setAccount] = useState(accountId);
  const [formId, setFormId] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ account?: string; form?: string }>({});
  const options = (forms.data?.data ?? [])
    .filter((f) => f.publishedVersion !== null && !f.archived)
    .map((f) => ({ value: f.id, label: `${f.name} (version ${f.publishedVersion})${f.isDefault ? " · default" : ""}` }));

  const close = () => {
    share.reset();
    setErrors({});
    onClose();
  };
  const submit = async () => {
    const next = { account: account ? undefined : "Choose the client account.", form: formId ? undefined : "Choose a form." };
    setErrors(next);
    if (!account || !formId) return;
    try {
      const body = await share.mutateAsync({ accountId: account, formId });
      close();
      void navigate(`/onboarding/submissions/${body.data.submission.id}`);
    } catch {
      // Shown below.
    }
  };

  return (
    <Modal opened={opened} onClose={close} title="Share an onboarding form" centered>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          The client gets the form’s latest published version to fill in, and is notified.
        </Text>
        <ClientSelect value={account} onChange={setAccount} required error={errors.account} />
        <Select
          label="Form"
          required
          placeholder={forms.isPending ? "Loading forms…" : "Choose a form"}
          data={options}
          value={formId}
          onChange={setFormId}
          error={errors.form}
          nothingFoundMessage="No published form"
          comboboxProps={{ withinPortal: true }}
        />
        {forms.isSuccess && options.length === 0 ? (
          <Text size="sm" c="dimmed">
            No form is published yet. An admin publishes forms under Admin → Onboarding forms.
          </Text>
        ) : null}
        <FormError message={share.error ? errorMessage(share.error) : null} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button onClick={() => void submit()} loading={share.isPending}>
            Share form
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
