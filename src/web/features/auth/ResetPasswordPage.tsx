import { Alert, Button, Stack, Text } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconCircleCheck } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import { FormError } from "../../components/FormError";
import { NewPasswordFields } from "../../components/NewPasswordFields";
import { PublicCard } from "../../components/PublicLayout";
import { applyServerError, validateConfirm, validatePassword } from "../../lib/forms";
import { useResetPassword } from "./api";
import { TokenGate } from "./TokenGate";

function ResetForm({ token, email }: { token: string; email?: string }) {
  const reset = useResetPassword();
  const [done, setDone] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: "uncontrolled",
    initialValues: { password: "", confirmPassword: "" },
    validate: {
      password: validatePassword,
      confirmPassword: (value, values) => validateConfirm(value, values.password),
    },
  });

  if (done) {
    return (
      <PublicCard title="Your password is changed">
        <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden="true" />}>
          <Text size="sm">Your new password is set. Log in with it now.</Text>
        </Alert>
        <Button component={Link} to="/login">
          Log In
        </Button>
      </PublicCard>
    );
  }

  const submit = form.onSubmit((values) => {
    setFormError(null);
    reset.mutate(
      { token, password: values.password },
      {
        onSuccess: () => setDone(true),
        onError: (error) => setFormError(applyServerError(form, error)),
      },
    );
  });

  return (
    <PublicCard title="Choose a new password" description={email ? `For the account ${email}.` : "Choose a new password for your account."}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError message={formError} />
          <NewPasswordFields form={form} label="New password" />
          <Button type="submit" fullWidth loading={reset.isPending}>
            Reset password
          </Button>
        </Stack>
      </form>
    </PublicCard>
  );
}

export function ResetPasswordPage() {
  return <TokenGate kind="password_reset">{({ token, email }) => <ResetForm token={token} email={email} />}</TokenGate>;
}
