import { Button, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { useNavigate } from "react-router";
import { FormError } from "../../components/FormError";
import { NewPasswordFields } from "../../components/NewPasswordFields";
import { PublicCard } from "../../components/PublicLayout";
import { applyServerError, validateConfirm, validatePassword, validateUsername } from "../../lib/forms";
import { useAcceptInvitation } from "./api";
import { TokenGate } from "./TokenGate";

interface InvitationFormProps {
  token: string;
  email?: string;
  name?: string;
  username?: string;
}

function InvitationForm({ token, email, name, username }: InvitationFormProps) {
  const accept = useAcceptInvitation();
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: "uncontrolled",
    initialValues: { username: username ?? "", password: "", confirmPassword: "" },
    validate: {
      username: validateUsername,
      password: validatePassword,
      confirmPassword: (value, values) => validateConfirm(value, values.password),
    },
  });

  const submit = form.onSubmit((values) => {
    setFormError(null);
    const chosen = values.username.trim();
    accept.mutate(
      { token, password: values.password, ...(chosen && chosen !== username ? { username: chosen } : {}) },
      {
        // Setting the password logs them in: straight to their dashboard, as after setup.
        onSuccess: () => navigate("/", { replace: true }),
        onError: (error) => setFormError(applyServerError(form, error)),
      },
    );
  });

  return (
    <PublicCard
      title="Accept your invitation"
      description="You were invited to the client portal. Choose a username and password to finish setting up your account."
    >
      {name || email ? (
        <Text size="sm">
          Invitation for <strong>{name ?? email}</strong>
          {name && email ? ` (${email})` : ""}.
        </Text>
      ) : null}
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError message={formError} />
          <TextInput
            label="Username"
            description="3–40 letters, digits, dots, dashes or underscores"
            autoComplete="username"
            required
            key={form.key("username")}
            {...form.getInputProps("username")}
          />
          <NewPasswordFields form={form} />
          <Button type="submit" fullWidth loading={accept.isPending}>
            Set password
          </Button>
        </Stack>
      </form>
    </PublicCard>
  );
}

export function InvitationPage() {
  return <TokenGate kind="invitation">{(info) => <InvitationForm {...info} />}</TokenGate>;
}
