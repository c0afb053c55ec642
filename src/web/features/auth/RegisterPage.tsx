import { Alert, Anchor, Button, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconMailCheck } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { errorMessage } from "../../api/client";
import { useSession } from "../../api/session";
import { FormError } from "../../components/FormError";
import { NewPasswordFields } from "../../components/NewPasswordFields";
import { PublicCard } from "../../components/PublicLayout";
import {
  applyServerError,
  validateConfirm,
  validateEmail,
  validatePassword,
  validatePhone,
  validateRequired,
  validateUsername,
} from "../../lib/forms";
import { useRegister, useResendActivation } from "./api";

/** How long after one activation email the server sends another (it keeps quiet before then). */
const RESEND_AFTER_MS = 60_000;

/** Offers a new activation link once a minute has passed since the last one went out. */
function ResendActivation({ email }: { email: string }) {
  const resend = useResendActivation();
  const [lastSentAt, setLastSentAt] = useState(() => Date.now());
  const [ready, setReady] = useState(false);
  const [sent, setSent] = useState(false);

  useEffect(() => {
    setReady(false);
    const timer = window.setTimeout(() => setReady(true), Math.max(0, lastSentAt + RESEND_AFTER_MS - Date.now()));
    return () => window.clearTimeout(timer);
  }, [lastSentAt]);

  const send = () =>
    resend.mutate(email, {
      onSuccess: () => {
        setSent(true);
        setLastSentAt(Date.now());
      },
    });

  return (
    <Stack gap="xs">
      <Text size="sm">No email after a few minutes? Check your spam folder, or ask for a new link.</Text>
      <Button variant="light" onClick={send} loading={resend.isPending} disabled={!ready}>
        Resend activation email
      </Button>
      {!ready ? (
        <Text size="xs" c="dimmed">
          You can ask for a new link a minute after the last one.
        </Text>
      ) : null}
      <div aria-live="polite">
        {resend.isError ? (
          <Alert color="red" variant="light" title="Could not send a new link">
            {errorMessage(resend.error)}
          </Alert>
        ) : sent ? (
          <Text size="sm">We sent a new link. Check your inbox (and spam folder).</Text>
        ) : null}
      </div>
    </Stack>
  );
}

function CheckYourEmail({ email, requireApproval }: { email: string; requireApproval: boolean }) {
  return (
    <PublicCard title="Check your email">
      <Alert color="green" variant="light" icon={<IconMailCheck aria-hidden="true" />} title="Registration received">
        <Text size="sm">
          We sent an activation link to <strong>{email}</strong>. Open it to activate your account.
        </Text>
      </Alert>
      <Text size="sm">
        {requireApproval
          ? "After you confirm your email, the agency reviews and approves your account. You will get an email when it is approved."
          : "Once your account is active, log in to reach your dashboard."}
      </Text>
      <ResendActivation email={email} />
      <Button component={Link} to="/login" variant="default">
        Back to Log In
      </Button>
    </PublicCard>
  );
}

export function RegisterPage() {
  const { data: session } = useSession();
  const register = useRegister();
  const [formError, setFormError] = useState<string | null>(null);
  const [registeredEmail, setRegisteredEmail] = useState<string | null>(null);
  const form = useForm({
    mode: "uncontrolled",
    initialValues: { email: "", username: "", name: "", phone: "", company: "", password: "", confirmPassword: "" },
    validate: {
      email: validateEmail,
      username: validateUsername,
      name: validateRequired("your full name"),
      phone: validatePhone,
      password: validatePassword,
      confirmPassword: (value, values) => validateConfirm(value, values.password),
    },
  });

  if (registeredEmail) {
    return <CheckYourEmail email={registeredEmail} requireApproval={session?.requireApproval ?? false} />;
  }

  const submit = form.onSubmit(({ confirmPassword: _confirm, company, ...values }) => {
    setFormError(null);
    const trimmedCompany = company.trim();
    register.mutate(
      {
        email: values.email.trim(),
        username: values.username.trim(),
        name: values.name.trim(),
        phone: values.phone.trim(),
        password: values.password,
        ...(trimmedCompany ? { company: trimmedCompany } : {}),
      },
      {
        onSuccess: (body) => setRegisteredEmail(body.data.email),
        onError: (error) => setFormError(applyServerError(form, error)),
      },
    );
  });

  return (
    <PublicCard
      eyebrow="Step 1"
      title="Create your account"
      description="Register with your correct email and contact details. Once your account is active, log in to reach your dashboard."
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError message={formError} title="Could not register" />
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
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
            <TextInput label="Phone" type="tel" autoComplete="tel" required key={form.key("phone")} {...form.getInputProps("phone")} />
            <TextInput
              label="Company (optional)"
              autoComplete="organization"
              key={form.key("company")}
              {...form.getInputProps("company")}
            />
          </SimpleGrid>
          <NewPasswordFields form={form} />
          <Button type="submit" fullWidth loading={register.isPending}>
            Create account
          </Button>
          <Text size="sm" ta="center">
            Already have an account?{" "}
            <Anchor component={Link} to="/login">
              Log In
            </Anchor>
          </Text>
        </Stack>
      </form>
    </PublicCard>
  );
}
