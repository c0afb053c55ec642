import { Alert, Button, Group, Paper, Skeleton, Stack, Switch, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import type { TSettings } from "../../../common/schemas";
import { useSettings, useUpdateSettings } from "../../api/hooks";
import { PageHeader } from "../../components/PageHeader";
import { QueryError } from "../../components/States";
import { applyServerError } from "../../lib/forms";

function SettingsForm({ settings }: { settings: TSettings }) {
  const update = useUpdateSettings();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<TSettings>({
    mode: "uncontrolled",
    initialValues: settings,
    validate: {
      agencyName: (value) => (!value.trim() ? "Enter the agency name." : value.trim().length > 80 ? "Use at most 80 characters." : null),
    },
  });

  const submit = form.onSubmit((values) => {
    setFormError(null);
    update.mutate(
      { agencyName: values.agencyName.trim(), requireApproval: values.requireApproval },
      {
        onSuccess: () => {
          form.resetDirty();
          notifications.show({ color: "green", title: "Settings saved", message: "Your changes are live." });
        },
        onError: (error) => setFormError(applyServerError(form, error)),
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        {formError ? (
          <Alert color="red" variant="light" role="alert">
            {formError}
          </Alert>
        ) : null}
        <Paper p="lg">
          <Title order={2} fz="md" mb="md">
            Agency
          </Title>
          <TextInput
            label="Agency name"
            description="Shown in the header, on the log-in page and in emails."
            required
            maw={480}
            key={form.key("agencyName")}
            {...form.getInputProps("agencyName")}
          />
        </Paper>
        <Paper p="lg">
          <Title order={2} fz="md" mb="md">
            Registration
          </Title>
          <Switch
            label="Require admin approval for new registrations"
            description="When on, people who register and confirm their email wait in Users as “Awaiting approval” until an administrator approves them."
            key={form.key("requireApproval")}
            {...form.getInputProps("requireApproval", { type: "checkbox" })}
          />
        </Paper>
        <Group justify="flex-end">
          <Button type="submit" loading={update.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function SettingsPage() {
  const settings = useSettings();
  return (
    <>
      <PageHeader title="Settings" description="How the portal presents your agency and who may join it." />
      {settings.isPending ? (
        <Stack aria-busy="true" aria-label="Loading settings">
          <Skeleton h={120} radius="md" />
          <Skeleton h={100} radius="md" />
        </Stack>
      ) : settings.isError ? (
        <QueryError error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <SettingsForm settings={settings.data.data} />
      )}
    </>
  );
}
