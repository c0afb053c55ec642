import { Button, Stack, Text } from "@mantine/core";
import { IconMapSearch } from "@tabler/icons-react";
import { Link } from "react-router";
import { useSession } from "../api/session";
import { AppLayout } from "./AppLayout";
import { PageHeader } from "./PageHeader";
import { PublicCard, PublicLayout } from "./PublicLayout";
import { EmptyState } from "./States";

/** Unknown addresses: inside the app frame when logged in, as a public card otherwise. */
export function NotFoundPage() {
  const { data: session } = useSession();
  if (session?.user) {
    return (
      <AppLayout>
        <PageHeader title="Page not found" description="There is nothing at this address." />
        <EmptyState
          title="We could not find that page"
          icon={<IconMapSearch size={26} />}
          action={
            <Button component={Link} to="/">
              Go to your dashboard
            </Button>
          }
        >
          The link may be mistyped, or the page may have moved.
        </EmptyState>
      </AppLayout>
    );
  }
  return (
    <PublicLayout>
      <PublicCard title="Page not found">
        <Stack gap="md">
          <Text size="sm">There is nothing at this address. The link may be mistyped, or the page may have moved.</Text>
          <Button component={Link} to="/login">
            Go to Log In
          </Button>
        </Stack>
      </PublicCard>
    </PublicLayout>
  );
}
