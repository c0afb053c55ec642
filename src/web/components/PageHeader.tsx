import { Group, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import type { ReactNode } from "react";
import { useSession } from "../api/session";

interface PageHeaderProps {
  title: string;
  description?: ReactNode;
  /** The page's primary action(s), shown on the right (below the title on phones). */
  actions?: ReactNode;
  /** Small line above the title, e.g. a back link. */
  above?: ReactNode;
}

/** The page's one h1, its description and primary action; also sets the document title. */
export function PageHeader({ title, description, actions, above }: PageHeaderProps) {
  const { data: session } = useSession();
  useDocumentTitle(`${title} · ${session?.agencyName ?? "Portico"}`);
  return (
    <Stack gap={6} mb="xl">
      {above}
      <Group justify="space-between" align="flex-start" gap="md" wrap="wrap">
        <Stack gap={4} style={{ flex: "1 1 320px", minWidth: 0 }}>
          <Title order={1} fz={{ base: 24, sm: 28 }} lh={1.25}>
            {title}
          </Title>
          {description ? (
            <Text c="dimmed" size="sm" maw={720}>
              {description}
            </Text>
          ) : null}
        </Stack>
        {actions ? <Group gap="sm">{actions}</Group> : null}
      </Group>
    </Stack>
  );
}
