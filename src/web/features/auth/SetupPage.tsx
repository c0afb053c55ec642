import { Button, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { useNavigate } from "react-router";
import { useSetup } from "../../api/session";
import { FormError } from "../../components/FormError";
import { NewPasswordFields } from "../../components/NewPasswordFields";
import { PublicCard } from "../../components/PublicLayout";
import { applyServerError, validateConfirm, validateEmail, validatePassword, validateRequired, validateUsername } from "../../lib/forms";
import { TokenGate } from "./TokenGate";

function SetupForm({ token, email }: { token: string; email?: string }) {
  const setup = useSetup();
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: "uncontrolled",
    initialValues: { email: email ?? "", username: "", name: "", password: "", confirmPassword: "" },
    validate: {
      email: validateEmail,
      username: validateUsername,
      name: validateRequired("your full name"),
      password: validatePassword,
      confirmPassword: (value, values) => validateConfirm(value, values.password),
    },
  });

  const submit = form.onSubmit(({ confirmPassword: _confirm, ...values }) => {
    setFormError(null);
    setup.mutate(
      {
        token,
        email: values.email.trim(),
        username: values.username.trim(),
        name: values.name.trim(),
        password: values.password,
      },
      {
        onSuccess: () => navigate("/", { replace: true }),
        onError: (error) => setFormError(applyServerError(form, error)),
      },
    );
  });

  return (
    <PublicCard
      title="Set up your portal"
      description="Create the first administrator account. You can invite your team and clients once you are in."
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError message={formError} />
          <TextInput label="Email" type="email" autoComplete="email" required key={form.key("email")} {...form.getInputProps("email")} />
          <TextInput
            label="Username"
            description="3–40 letters, digits, dots, dashes or underscores"
            autoComplete="username"
            required
            key={form.key("username")}
            {...form.getInputProps("username")}
          />
          <TextInput label="Full name" autoComplete="name" required key={form.key("name")} {...form.getInputProps("name")} />
          <NewPasswordFields form={form} />
          <Button type="submit" fullWidth loading={setup.isPending}>
            Create administrator account
          </Button>
        </Stack>
      </form>
    </PublicCard>
  );
}

export function SetupPage() {
  return <TokenGate kind="setup">{({ token, email }) => <SetupForm token={token} email={email} />}</TokenGate>;
}
