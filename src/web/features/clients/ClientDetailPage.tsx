import { Anchor, Button, Grid, Group, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArrowLeft, IconClipboardList, IconHeadset, IconLayoutKanban, IconMessages, IconPackage } from "@tabler/icons-react";
import { Link, useParams } from "react-router";
import type { TAccount } from "../../../common/schemas";
import { ApiError } from "../../api/client";
import { isStaff, useMe } from "../../api/session";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, QueryError } from "../../components/States";
import { formatDate } from "../../lib/format";
import { AskForCodeButton } from "../asks/AskForCodeButton";
import { ClientJourneyCard } from "../journey/ClientJourneyCard";
import { AccountForm } from "./AccountForm";
import { AgentsCard } from "./AgentsCard";
import { useAccount, useUpdateAccount } from "./api";
import { ContactsCard } from "./ContactsCard";
import { MergeAccountButton } from "./MergeAccount";

function DetailsCard({ account, canEdit, canMerge }: { account: TAccount; canEdit: boolean; canMerge: boolean }) {
  const update = useUpdateAccount(account.id);
  return (
    <Paper p="lg">
      <Title order={2} fz="md" mb="md">
        Company details
      </Title>
      {canEdit ? (
        <AccountForm
          key={`${account.name}|${account.phone}|${account.website}|${account.domains.join(",")}`}
          initialValues={{ name: account.name, phone: account.phone ?? "", website: account.website ?? "", domains: account.domains }}
          submitLabel="Save changes"
          pending={update.isPending}
          onSubmit={(input) => update.mutateAsync(input)}
          onDone={() => notifications.show({ color: "green", title: "Saved", message: "The company details are updated." })}
        />
      ) : (
        <Stack component="dl" gap="sm" m={0}>
          {(
            [
              ["Company name", account.name],
              ["Phone", account.phone],
              ["Website", account.website],
              ["Email domains", account.domains.join(", ")],
            ] as const
          ).map(([label, value]) => (
            <div key={label}>
              <Text component="dt" size="sm" c="dimmed">
                {label}
              </Text>
              <Text component="dd" size="sm" fw={500} m={0} style={{ overflowWrap: "anywhere" }}>
                {value || "—"}
              </Text>
            </div>
          ))}
        </Stack>
      )}
      {canMerge ? (
        <Group mt="lg" pt="md" style={{ borderTop: "1px solid var(--mantine-color-gray-2)" }}>
          <MergeAccountButton account={account} />
        </Group>
      ) : null}
    </Paper>
  );
}

export function ClientDetailPage() {
  const { id = "" } = useParams();
  const user = useMe();
  const detail = useAccount(id);
  const staff = isStaff(user);
  const back = staff ? (
    <Anchor component={Link} to="/clients" size="sm" display="inline-flex" style={{ alignItems: "center", gap: 4 }}>
      <IconArrowLeft size={14} aria-hidden="true" /> Clients
    </Anchor>
  ) : (
    <Anchor component={Link} to="/" size="sm" display="inline-flex" style={{ alignItems: "center", gap: 4 }}>
      <IconArrowLeft size={14} aria-hidden="true" /> Dashboard
    </Anchor>
  );

  if (detail.isPending) {
    return (
      <Stack gap="lg" aria-busy="true" aria-label="Loading client account">
        <PageHeader title="Client account" above={back} />
        <Skeleton h={200} radius="md" />
      </Stack>
    );
  }
  if (detail.isError) {
    const missing = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <>
        <PageHeader title={missing ? "Client account not found" : "Client account"} above={back} />
        {missing ? (
          <EmptyState title="We could not find this client account">It may have been removed, or you may not have access to it.</EmptyState>
        ) : (
          <QueryError error={detail.error} onRetry={() => void detail.refetch()} />
        )}
      </>
    );
  }

  const { data, policies } = detail.data;
  const { account, contacts } = data;
  return (
    <>
      <PageHeader
        title={account.name}
        above={back}
        description={
          <Group component="span" gap="xs">
            <span>Client account · created {formatDate(account.createdAt)}</span>
            <span aria-hidden="true">·</span>
            <span>
              {account.contactCount} {account.contactCount === 1 ? "contact" : "contacts"}
            </span>
          </Group>
        }
        actions={
          staff ? (
            <>
              <Button
                variant="default"
                component={Link}
                to={`/tickets?accountId=${encodeURIComponent(account.id)}`}
                leftSection={<IconHeadset size={16} aria-hidden="true" />}
              >
                Support Tickets
              </Button>
              <Button
                variant="default"
                component={Link}
                to={`/work-requests?client=${encodeURIComponent(account.id)}`}
                leftSection={<IconLayoutKanban size={16} aria-hidden="true" />}
              >
                Work request board
              </Button>
              <Button
                variant="default"
                component={Link}
                to={`/onboarding/review?account=${encodeURIComponent(account.id)}&status=all`}
                leftSection={<IconClipboardList size={16} aria-hidden="true" />}
              >
                Onboarding
              </Button>
              <Button
                variant="default"
                component={Link}
                to={`/clients/${encodeURIComponent(account.id)}/updates`}
                leftSection={<IconMessages size={16} aria-hidden="true" />}
              >
                Updates
              </Button>
              <Button
                variant="default"
                component={Link}
                to={`/clients/${encodeURIComponent(account.id)}/deliverables`}
                leftSection={<IconPackage size={16} aria-hidden="true" />}
              >
                Deliverables
              </Button>
              <AskForCodeButton accountId={account.id} />
            </>
          ) : undefined
        }
      />
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <ContactsCard account={account} contacts={contacts} canInvite={policies.inviteContacts} />
            {staff ? <ClientJourneyCard accountId={account.id} /> : null}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <DetailsCard account={account} canEdit={policies.update} canMerge={policies.merge} />
            <AgentsCard account={account} canAssign={policies.assignAgents} />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
