import { Alert, Anchor, Button, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconMailCheck } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import { FormError } from "../../components/FormError";
import { PublicCard } from "../../components/PublicLayout";
import { applyServerError, validateEmail } from "../../lib/forms";
import { useForgotPassword } from "./api";

export function ForgotPasswordPage() {
  const forgot = useForgotPassword();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ mode: "uncontrolled", initialValues: { email: "" }, validate: { email: validateEmail } });

  if (sentTo) {
    return (
      <PublicCard title="Check your email">
        <Alert color="green" variant="light" icon={<IconMailCheck aria-hidden="true" />}>
          <Text size="sm">
            If an account exists for <strong>{sentTo}</strong>, we sent it a link to reset the password. The link works once and expires
            after a while.
          </Text>
        </Alert>
        <Button component={Link} to="/login" variant="default">
          Back to Log In
        </Button>
      </PublicCard>
    );
  }

  const submit = form.onSubmit((values) => {
    setFormError(null);
    const email = values.email.trim();
    forgot.mutate(email, {
      onSuccess: () => setSentTo(email),
      onError: (error) => setFormError(applyServerError(form, error)),
    });
  });

  return (
    <PublicCard
      title="Forgot your password?"
      description="Enter the email address of your account and we will send you a link to choose a new password."
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError message={formError} />
          <TextInput label="Email" type="email" autoComplete="email" required key={form.key("email")} {...form.getInputProps("email")} />
          <Button type="submit" fullWidth loading={forgot.isPending}>
            Send reset link
          </Button>
          <Text size="sm" ta="center">
            <Anchor component={Link} to="/login">
              Back to Log In
            </Anchor>
          </Text>
        </Stack>
      </form>
    </PublicCard>
  );
}
