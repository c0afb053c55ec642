import { Alert, Grid, Group, Paper, Stack, Text, TextInput, UnstyledButton } from "@mantine/core";
import { IconInfoCircle, IconMail, IconSearch } from "@tabler/icons-react";
import type { TMailList } from "../../../common/schemas";
import { PageHeader } from "../../components/PageHeader";
import { Pager } from "../../components/Pager";
import { EmptyState, QueryError, TableSkeleton } from "../../components/States";
import { formatRelative } from "../../lib/format";
import { useListParams } from "../../lib/useListParams";
import { useMailList } from "./api";
import { MailView } from "./MailView";

type MailSummary = TMailList["data"][number];

function MailRow({ mail, selected, onSelect }: { mail: MailSummary; selected: boolean; onSelect: () => void }) {
  return (
    <li>
      <UnstyledButton
        onClick={onSelect}
        aria-current={selected ? "true" : undefined}
        w="100%"
        px="md"
        py="sm"
        style={{
          display: "block",
          borderTop: "1px solid var(--mantine-color-gray-2)",
          background: selected ? "var(--mantine-color-indigo-0)" : undefined,
          boxShadow: selected ? "inset 3px 0 0 var(--mantine-primary-color-filled)" : undefined,
        }}
      >
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Text size="sm" fw={600} truncate>
            {mail.to}
          </Text>
          <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
            <time dateTime={mail.createdAt}>{formatRelative(mail.createdAt)}</time>
          </Text>
        </Group>
        <Text size="sm" truncate>
          {mail.subject}
        </Text>
      </UnstyledButton>
    </li>
  );
}

export function MailboxPage() {
  const list = useListParams("to");
  const to = list.get("to");
  const selected = list.get("message") || null;
  const mails = useMailList({ to: to || undefined, page: list.page });

  return (
    <>
      <PageHeader
        title="Mailbox"
        description="The built-in mailbox: every email the portal sends, such as activation links, invitations and password resets."
      />
      <Alert variant="light" color="blue" icon={<IconInfoCircle aria-hidden="true" />} mb="lg">
        No SMTP server is configured, so the portal keeps every email it sends here. Set <code>SMTP_URL</code> to deliver emails to
        people&apos;s inboxes.
      </Alert>
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Paper p={0}>
            <Group p="md">
              <TextInput
                label="Recipient"
                placeholder="Filter by email address"
                leftSection={<IconSearch size={16} aria-hidden="true" />}
                value={list.text}
                onChange={(event) => list.setText(event.currentTarget.value)}
                type="search"
                w="100%"
              />
            </Group>
            {mails.isPending ? (
              <TableSkeleton />
            ) : mails.isError ? (
              <Stack p="md">
                <QueryError error={mails.error} onRetry={() => void mails.refetch()} />
              </Stack>
            ) : mails.data.data.length === 0 ? (
              <EmptyState title={to ? "No matching emails" : "No emails yet"} order={2} icon={<IconMail size={26} />} withBorder={false}>
                {to ? `No email was sent to an address matching “${to}”.` : "Emails the portal sends will appear here."}
              </EmptyState>
            ) : (
              <>
                <Stack component="ul" aria-label="Emails" gap={0} m={0} p={0} style={{ listStyle: "none" }}>
                  {mails.data.data.map((mail) => (
                    <MailRow
                      key={mail.id}
                      mail={mail}
                      selected={mail.id === selected}
                      onSelect={() => list.set({ message: mail.id }, false)}
                    />
                  ))}
                </Stack>
                <Pager page={list.page} total={mails.data.total} pageSize={mails.data.pageSize} onChange={list.setPage} noun="emails" />
              </>
            )}
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          {selected ? (
            <MailView key={selected} id={selected} />
          ) : (
            <EmptyState title="Select an email" order={2} icon={<IconMail size={26} />}>
              Choose an email from the list to read it and follow its links.
            </EmptyState>
          )}
        </Grid.Col>
      </Grid>
    </>
  );
}
