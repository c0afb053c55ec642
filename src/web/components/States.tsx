import { Alert, Button, Center, Group, Loader, Paper, Skeleton, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconAlertTriangle, IconInbox } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { errorMessage } from "../api/client";

/** Full-area spinner for whole-page loads (session, page data). */
export function PageLoader({ label = "Loading" }: { label?: string }) {
  return (
    <Center mih={240} role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader size="md" aria-hidden="true" />
        <Text size="sm" c="dimmed">
          {label}…
        </Text>
      </Stack>
    </Center>
  );
}

/** Placeholder rows while a table loads. */
export function TableSkeleton({ rows = 5 }: { rows?: number }) {
  return (
    <Stack gap="sm" p="md" aria-busy="true" aria-label="Loading">
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders have no identity
        <Skeleton key={i} height={28} radius="sm" />
      ))}
    </Stack>
  );
}

/** A failed read, with a retry button when one is given. */
export function QueryError({ error, onRetry, title = "Could not load this" }: { error: unknown; onRetry?: () => void; title?: string }) {
  return (
    <Alert color="red" variant="light" title={title} icon={<IconAlertTriangle aria-hidden="true" />}>
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{errorMessage(error)}</Text>
        {onRetry ? (
          <Button size="xs" variant="default" onClick={onRetry}>
            Try again
          </Button>
        ) : null}
      </Stack>
    </Alert>
  );
}

interface EmptyStateProps {
  title: string;
  children?: ReactNode;
  icon?: ReactNode;
  action?: ReactNode;
  /** Heading level for the title; keep heading order intact on the page. */
  order?: 2 | 3 | 4;
  withBorder?: boolean;
}

/** What a list looks like before it has anything in it, saying what will appear and why. */
export function EmptyState({ title, children, icon, action, order = 2, withBorder = true }: EmptyStateProps) {
  const body = (
    <Stack align="center" gap="sm" py={40} px="md" ta="center">
      <ThemeIcon size={48} radius="xl" variant="light" aria-hidden="true">
        {icon ?? <IconInbox size={26} />}
      </ThemeIcon>
      <Title order={order} fz="lg">
        {title}
      </Title>
      {children ? (
        <Text c="dimmed" size="sm" maw={520}>
          {children}
        </Text>
      ) : null}
      {action ? <Group mt="xs">{action}</Group> : null}
    </Stack>
  );
  return withBorder ? <Paper>{body}</Paper> : body;
}
