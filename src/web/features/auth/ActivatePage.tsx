import { Alert, Button, Text } from "@mantine/core";
import { IconCircleCheck, IconHourglass } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import type { TActivateResponse } from "../../../common/schemas";
import { errorMessage } from "../../api/client";
import { PublicCard } from "../../components/PublicLayout";
import { useActivate } from "./api";
import { TokenGate } from "./TokenGate";

type Status = TActivateResponse["data"]["status"];

function Activated({ status }: { status: Status }) {
  if (status === "awaiting_approval") {
    return (
      <PublicCard title="Your email is confirmed">
        <Alert color="blue" variant="light" icon={<IconHourglass aria-hidden="true" />}>
          <Text size="sm">
            Your email is confirmed. The agency will check your details and add you to your company's account; you will get an email as soon
            as you can log in.
          </Text>
        </Alert>
        <Button component={Link} to="/login" variant="default">
          Back to Log In
        </Button>
      </PublicCard>
    );
  }
  return (
    <PublicCard title="Your account is active">
      <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden="true" />}>
        <Text size="sm">Your account is active. Log in to reach your dashboard.</Text>
      </Alert>
      <Button component={Link} to="/login">
        Log In
      </Button>
    </PublicCard>
  );
}

function ActivateForm({ token, email }: { token: string; email?: string }) {
  const activate = useActivate();
  const [status, setStatus] = useState<Status | null>(null);
  if (status) return <Activated status={status} />;
  return (
    <PublicCard title="Activate your account" description="Confirm your email address to finish creating your account.">
      {email ? (
        <Text size="sm">
          You are activating the account for <strong>{email}</strong>.
        </Text>
      ) : null}
      {activate.isError ? (
        <Alert color="red" variant="light" role="alert" title="Could not activate your account">
          {errorMessage(activate.error)}
        </Alert>
      ) : null}
      <Button
        fullWidth
        loading={activate.isPending}
        onClick={() => activate.mutate(token, { onSuccess: (body) => setStatus(body.data.status) })}
      >
        Activate account
      </Button>
    </PublicCard>
  );
}

export function ActivatePage() {
  return <TokenGate kind="activation">{({ token, email }) => <ActivateForm token={token} email={email} />}</TokenGate>;
}
