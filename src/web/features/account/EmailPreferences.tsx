import { Button, Group, Paper, Skeleton, Stack, Switch, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { NOTIFICATION_KIND_LABELS, type TNotificationKind, type TNotificationPreferences } from "../../../common/notifications";
import { errorMessage } from "../../api/client";
import { FormError } from "../../components/FormError";
import { QueryError } from "../../components/States";
import { useNotificationPreferences, useUpdateNotificationPreferences } from "../notifications/api";

type Preference = TNotificationPreferences["data"][number];

function labelFor(preference: Preference): string {
  return preference.kind in NOTIFICATION_KIND_LABELS ? NOTIFICATION_KIND_LABELS[preference.kind as TNotificationKind] : preference.label;
}

function PreferencesForm({ preferences }: { preferences: Preference[] }) {
  const update = useUpdateNotificationPreferences();
  const [values, setValues] = useState<Record<string, boolean>>(() =>
    Object.fromEntries(preferences.map((preference) => [preference.kind, preference.email])),
  );
  const [error, setError] = useState<string | null>(null);
  const dirty = preferences.some((preference) => values[preference.kind] !== preference.email);

  const save = () => {
    setError(null);
    update.mutate(
      preferences.map((preference) => ({ kind: preference.kind, email: values[preference.kind] ?? preference.email })),
      {
        onSuccess: () =>
          notifications.show({ color: "green", title: "Email preferences saved", message: "We will email you accordingly." }),
        onError: (e) => setError(errorMessage(e)),
      },
    );
  };

  return (
    <Stack gap="md">
      <FormError message={error} />
      {preferences.map((preference) => (
        <Switch
          key={preference.kind}
          label={labelFor(preference)}
          checked={values[preference.kind] ?? false}
          onChange={(event) => {
            const checked = event.currentTarget.checked;
            setValues((current) => ({ ...current, [preference.kind]: checked }));
          }}
        />
      ))}
      <Group justify="flex-end">
        <Button onClick={save} loading={update.isPending} disabled={!dirty}>
          Save email preferences
        </Button>
      </Group>
    </Stack>
  );
}

/** Account page: which ticket events also arrive by email (the bell always shows them). */
export function EmailPreferences() {
  const preferences = useNotificationPreferences();
  return (
    <Paper p="lg">
      <Title order={2} fz="md">
        Email notifications
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Each time a ticket is moved or responded to you can receive an email. Notifications always appear under the bell in the portal.
      </Text>
      {preferences.isPending ? (
        <Stack gap="sm" aria-busy="true" aria-label="Loading email preferences">
          <Skeleton h={24} />
          <Skeleton h={24} />
          <Skeleton h={24} />
        </Stack>
      ) : preferences.isError ? (
        <QueryError error={preferences.error} onRetry={() => void preferences.refetch()} />
      ) : preferences.data.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          There are no email notifications to choose for your role.
        </Text>
      ) : (
        <PreferencesForm key={JSON.stringify(preferences.data.data)} preferences={preferences.data.data} />
      )}
    </Paper>
  );
}
