import { Avatar, Box, Center, Paper, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import type { ReactNode } from "react";
import { Outlet } from "react-router";
import { useSession } from "../api/session";
import { initials } from "../lib/format";
import { PageLoader, QueryError } from "./States";

/** Logged-out pages: a centered card under the agency's name. */
export function PublicLayout({ children }: { children?: ReactNode }) {
  const session = useSession();
  const agencyName = session.data?.agencyName ?? "Portico";

  return (
    <Box component="main" mih="100vh" py={{ base: 32, sm: 64 }} px="md">
      <Center>
        <Stack w="100%" maw={440} gap="lg">
          <Stack align="center" gap={8}>
            <Avatar size={48} radius="md" color="indigo" variant="filled" aria-hidden="true">
              {initials(agencyName)}
            </Avatar>
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
          <Text size="xs" c="dimmed" ta="center">
            Powered by Portico
          </Text>
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
