import { Alert, Button, Stack, Text } from "@mantine/core";
import { IconLinkOff } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { Link, useSearchParams } from "react-router";
import type { TInspectTokenResponse } from "../../../common/schemas";
import { ApiError } from "../../api/client";
import { PublicCard } from "../../components/PublicLayout";
import { PageLoader, QueryError } from "../../components/States";
import { type TokenKind, useInspectToken } from "./api";

type TokenInfo = TInspectTokenResponse["data"] & { token: string };

const INVALID: Record<TokenKind, { title: string; text: string; to: string; action: string }> = {
  activation: {
    title: "This activation link is not valid",
    text: "It may have been used already or have expired. If you already activated your account, you can log in.",
    to: "/login",
    action: "Go to Log In",
  },
  password_reset: {
    title: "This password reset link is not valid",
    text: "It may have been used already or have expired. Request a new link to reset your password.",
    to: "/forgot-password",
    action: "Request a new link",
  },
  invitation: {
    title: "This invitation link is not valid",
    text: "It may have been used already or have expired. Ask the agency to send you a new invitation.",
    to: "/login",
    action: "Go to Log In",
  },
  setup: {
    title: "This setup link is not valid",
    text: "The portal may already be set up. When it is not, the current setup link is printed in the server log.",
    to: "/login",
    action: "Go to Log In",
  },
};

interface TokenGateProps {
  kind: TokenKind;
  /** Rendered once the link is known to be valid. Inspecting never spends the token. */
  children: (info: TokenInfo) => ReactNode;
}

/** Reads `?token=` and checks it with the API before showing the page's form. */
export function TokenGate({ kind, children }: TokenGateProps) {
  const [params] = useSearchParams();
  const token = params.get("token")?.trim() ?? "";
  const inspect = useInspectToken(kind, token);

  const invalidByServer = inspect.error instanceof ApiError && inspect.error.status >= 400 && inspect.error.status < 500;
  if (token && inspect.isPending) {
    return (
      <PublicCard title="Checking your link">
        <PageLoader label="Checking your link" />
      </PublicCard>
    );
  }
  if (token && inspect.isError && !invalidByServer) {
    return (
      <PublicCard title="Could not check your link">
        <QueryError error={inspect.error} onRetry={() => void inspect.refetch()} />
      </PublicCard>
    );
  }
  if (!token || invalidByServer || !inspect.data?.data.valid) {
    const copy = INVALID[kind];
    return (
      <PublicCard title={copy.title}>
        <Alert color="red" variant="light" icon={<IconLinkOff aria-hidden="true" />}>
          <Text size="sm">{token ? copy.text : "The link is missing its code. Open the link from your email again."}</Text>
        </Alert>
        <Stack>
          <Button component={Link} to={copy.to}>
            {copy.action}
          </Button>
        </Stack>
      </PublicCard>
    );
  }
  return children({ ...inspect.data.data, token });
}
