import { Alert, Anchor, Button, Group, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { IconInfoCircle, IconShieldLock } from "@tabler/icons-react";
import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router";
import type { TMe } from "../../../common/schemas";
import { useLogin, useLogout, useSession } from "../../api/session";
import { FormError } from "../../components/FormError";
import { PublicCard } from "../../components/PublicLayout";
import { applyServerError } from "../../lib/forms";

function AlreadyLoggedIn({ user }: { user: TMe }) {
  const logout = useLogout();
  return (
    <PublicCard title="Log In">
      <Alert color="green" variant="light" icon={<IconInfoCircle aria-hidden="true" />} title="You are already logged in.">
        <Text size="sm">
          Signed in as <strong>{user.name}</strong> ({user.email}).
        </Text>
      </Alert>
      <Stack gap="sm">
        <Button component={Link} to="/" fullWidth>
          Go to your dashboard
        </Button>
        <Button variant="default" fullWidth loading={logout.isPending} onClick={() => logout.mutate()}>
          Log out
        </Button>
      </Stack>
    </PublicCard>
  );
}

type LoginField = "username" | "password";

function LoginForm({ setupRequired }: { setupRequired: boolean }) {
  const login = useLogin();
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);
  // Two required fields in plain state rather than @mantine/form (~6 KB gzip): the login page is
  // the first thing most visits load. The inputs are uncontrolled; the submit reads them.
  const [errors, setErrors] = useState<Partial<Record<LoginField, string>>>({});
  const clearError = (field: LoginField) => {
    if (errors[field]) setErrors((current) => ({ ...current, [field]: undefined }));
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const username = String(data.get("username") ?? "");
    const password = String(data.get("password") ?? "");
    const found = {
      username: username.trim() ? undefined : "Enter your username or email.",
      password: password ? undefined : "Enter your password.",
    };
    setErrors(found);
    if (found.username || found.password) return;
    setFormError(null);
    const fields = {
      getValues: () => ({ username, password }),
      setFieldError: (field: string, message: string) => setErrors((current) => ({ ...current, [field]: message })),
    };
    login.mutate(
      { username: username.trim(), password },
      {
        onSuccess: () => navigate("/", { replace: true }),
        onError: (error) => setFormError(applyServerError(fields, error)),
      },
    );
  };

  return (
    <PublicCard title="Log In" description="Log in to reach your dashboard, support tickets and work requests.">
      {setupRequired ? (
        <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden="true" />} title="This portal is not set up yet">
          <Text size="sm">
            The first administrator account has not been created. The setup link is printed in the server log when the server starts; open
            it to create the administrator account.
          </Text>
        </Alert>
      ) : null}
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError message={formError} title="Could not log in" />
          <TextInput
            label="Username"
            placeholder="Username or email"
            autoComplete="username"
            required
            name="username"
            error={errors.username}
            onChange={() => clearError("username")}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            name="password"
            error={errors.password}
            onChange={() => clearError("password")}
          />
          <Group justify="flex-end" mt={-6}>
            <Anchor component={Link} to="/forgot-password" size="sm">
              Forgot your password?
            </Anchor>
          </Group>
          <Button type="submit" fullWidth loading={login.isPending}>
            Log In
          </Button>
          <Text size="sm" ta="center">
            New client?{" "}
            <Anchor component={Link} to="/register">
              Register
            </Anchor>
          </Text>
        </Stack>
      </form>
      <Group gap={8} wrap="nowrap" align="flex-start">
        <IconShieldLock size={16} aria-hidden="true" style={{ flexShrink: 0, marginTop: 2 }} />
        <Text size="xs" c="dimmed">
          Security tips: Use a strong password, avoid sharing login credentials, and log out after use.
        </Text>
      </Group>
    </PublicCard>
  );
}

export function LoginPage() {
  const { data: session } = useSession();
  if (session?.user) return <AlreadyLoggedIn user={session.user} />;
  return <LoginForm setupRequired={session?.setupRequired ?? false} />;
}
