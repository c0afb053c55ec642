import { Anchor, Box, Center, Paper, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import type { ReactNode } from "react";
import { Outlet } from "react-router";
import type { TBranding } from "../../common/schemas";
import { telHref, useBranding } from "../api/branding";
import { useSession } from "../api/session";
import { AgencyMark } from "./AgencyMark";
import { PageLoader, QueryError } from "./States";

/** "Need help? support@… · +61 …": the agency's support contact, when it has one. */
function SupportLine({ branding }: { branding: TBranding }) {
  const { email, phone } = branding.support;
  if (!email && !phone) return null;
  return (
    <Text size="sm" c="dimmed" ta="center">
      Need help?{" "}
      {email ? (
        <Anchor href={`mailto:${email}`} size="sm" style={{ whiteSpace: "nowrap" }}>
          {email}
        </Anchor>
      ) : null}
      {email && phone ? " · " : null}
      {phone ? (
        <Anchor href={telHref(phone)} size="sm" style={{ whiteSpace: "nowrap" }}>
          {phone}
        </Anchor>
      ) : null}
    </Text>
  );
}

/** Logged-out pages: a centered card under the agency's name and logo. */
export function PublicLayout({ children }: { children?: ReactNode }) {
  const session = useSession();
  const branding = useBranding();
  const agencyName = session.data?.agencyName ?? branding.agencyName;

  return (
    <Box component="main" mih="100vh" py={{ base: 32, sm: 64 }} px="md">
      <Center>
        <Stack w="100%" maw={440} gap="lg">
          <Stack align="center" gap={8}>
            <AgencyMark branding={{ ...branding, agencyName }} size={48} />
            <Title order={1} fz={26} ta="center">
              {agencyName}
            </Title>
            <Text c="dimmed" size="sm">
              Client Portal
            </Text>
          </Stack>
          {session.isPending ? (
            <Paper p="xl" shadow="sm">
              <PageLoader />
            </Paper>
          ) : session.isError ? (
            <QueryError error={session.error} onRetry={() => void session.refetch()} title="The portal is unavailable" />
          ) : (
            (children ?? <Outlet />)
          )}
          <SupportLine branding={branding} />
          {branding.poweredBy ? (
            <Text size="xs" c="dimmed" ta="center">
              Powered by Portico
            </Text>
          ) : null}
        </Stack>
      </Center>
    </Box>
  );
}

interface PublicCardProps {
  title: string;
  /** A short line above the title, e.g. "Step 1". */
  eyebrow?: string;
  description?: ReactNode;
  children: ReactNode;
}

/** The card on a public page: its title is the page's h2 under the agency name. */
export function PublicCard({ title, eyebrow, description, children }: PublicCardProps) {
  const { data: session } = useSession();
  useDocumentTitle(`${title} · ${session?.agencyName ?? "Portico"}`);
  return (
    <Paper p={{ base: "lg", sm: "xl" }} shadow="sm">
      <Stack gap="lg">
        <Stack gap={4}>
          {eyebrow ? (
            <Text size="xs" fw={700} tt="uppercase" c="indigo.8" style={{ letterSpacing: 0.6 }}>
              {eyebrow}
            </Text>
          ) : null}
          <Title order={2} fz={20}>
            {title}
          </Title>
          {description ? (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          ) : null}
        </Stack>
        {children}
      </Stack>
    </Paper>
  );
}
