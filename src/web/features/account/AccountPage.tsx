import { Anchor, Box, Button, Grid, Group, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { Link } from "react-router";
import type { TRole } from "../../../common/schemas";
import { useMe } from "../../api/session";
import { FormError } from "../../components/FormError";
import { NewPasswordFields } from "../../components/NewPasswordFields";
import { PageHeader } from "../../components/PageHeader";
import { ROLE_LABELS } from "../../lib/format";
import { applyServerError, validateConfirm, validatePassword } from "../../lib/forms";
import { useChangePassword } from "../auth/api";
import { lastLoginLabel } from "../users/words";
import { EmailPreferences } from "./EmailPreferences";
import { PushDevices } from "./PushDevices";

function Field({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={2}>
      <Text component="dt" size="sm" c="dimmed">
        {label}
      </Text>
      <Text component="dd" size="sm" fw={500} m={0} style={{ overflowWrap: "anywhere" }}>
        {value}
      </Text>
    </Stack>
  );
}

function ChangePasswordForm() {
  const change = useChangePassword();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: "uncontrolled",
    initialValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
    validate: {
      currentPassword: (value) => (value ? null : "Enter your current password."),
      newPassword: validatePassword,
      confirmPassword: (value, values) => validateConfirm(value, values.newPassword),
    },
  });

  const submit = form.onSubmit(({ currentPassword, newPassword }) => {
    setFormError(null);
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          form.reset();
          notifications.show({
            color: "green",
            title: "Password changed",
            message: "Your other sessions were logged out.",
          });
        },
        onError: (error) => setFormError(applyServerError(form, error)),
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormError message={formError} />
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          required
          key={form.key("currentPassword")}
          {...form.getInputProps("currentPassword")}
        />
        <NewPasswordFields form={form} field="newPassword" label="New password" />
        <Group justify="flex-end">
          <Button type="submit" loading={change.isPending}>
            Change password
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * Who changes this person's details, in words that apply to them. Nobody edits a name or email
 * address in the portal yet (Users changes roles, access and client accounts): a client asks
 * their agency, the agency's own staff are told so plainly.
 */
function ProfileHint({ role }: { role: TRole }) {
  if (role === "client") return <>To change your name or email, contact your agency.</>;
  if (role === "agent") return <>Names and email addresses cannot be changed in the portal yet. An admin manages your role and access.</>;
  return (
    <>
      Names and email addresses cannot be changed in the portal yet. You manage roles and access under{" "}
      <Anchor component={Link} to="/admin/users" size="xs" underline="always">
        Users
      </Anchor>
      .
    </>
  );
}

export function AccountPage() {
  const user = useMe();
  return (
    <>
      <PageHeader title="Account" description="Your profile, sign-in details and how you are notified." />
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Paper p="lg">
            <Title order={2} fz="md" mb="md">
              Profile
            </Title>
            <Stack component="dl" gap="md" m={0}>
              <Field label="Full name" value={user.name} />
              <Field label="Email" value={user.email} />
              <Field label="Username" value={user.username} />
              <Field label="Role" value={ROLE_LABELS[user.role]} />
              {user.accountName ? <Field label="Company" value={user.accountName} /> : null}
              <Field label="Last log-in" value={lastLoginLabel(user.lastLoginAt, true)} />
            </Stack>
            <Text size="xs" c="dimmed" mt="lg">
              <ProfileHint role={user.role} />
            </Text>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Paper p="lg">
            <Title order={2} fz="md">
              Change password
            </Title>
            <Text size="sm" c="dimmed" mb="md">
              Changing your password logs you out everywhere else.
            </Text>
            <ChangePasswordForm />
          </Paper>
          <Box mt="lg">
            <PushDevices />
          </Box>
          <Box mt="lg">
            <EmailPreferences />
          </Box>
        </Grid.Col>
      </Grid>
    </>
  );
}
