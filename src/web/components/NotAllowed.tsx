import { Button } from "@mantine/core";
import { IconLock } from "@tabler/icons-react";
import { Link } from "react-router";
import { PageHeader } from "./PageHeader";
import { EmptyState } from "./States";

/** Shown in place of a page the viewer's role may not open. */
export function NotAllowedPage({ audience = "agency administrators" }: { audience?: string }) {
  return (
    <>
      <PageHeader title="Not allowed" description="Your account does not have access to this page." />
      <EmptyState
        title={`This page is for ${audience}`}
        icon={<IconLock size={26} />}
        action={
          <Button component={Link} to="/">
            Go to your dashboard
          </Button>
        }
      >
        If you think you should have access, ask an administrator of the agency to change your role.
      </EmptyState>
    </>
  );
}
