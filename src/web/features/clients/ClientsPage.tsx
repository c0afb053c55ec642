import { Anchor, Button, Group, Modal, Paper, Table, Text, TextInput } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconBuilding, IconPlus, IconSearch } from "@tabler/icons-react";
import { Link, useNavigate } from "react-router";
import { useMe } from "../../api/session";
import { PageHeader } from "../../components/PageHeader";
import { Pager } from "../../components/Pager";
import { EmptyState, QueryError, TableSkeleton } from "../../components/States";
import { TableScroll } from "../../components/TableScroll";
import { formatDate } from "../../lib/format";
import { useListParams } from "../../lib/useListParams";
import { nameWithState } from "../users/words";
import { AccountForm } from "./AccountForm";
import { useAccounts, useCreateAccount } from "./api";

function NewAccountButton() {
  const [opened, { open, close }] = useDisclosure(false);
  const create = useCreateAccount();
  const navigate = useNavigate();
  return (
    <>
      <Button leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={open}>
        New client account
      </Button>
      <Modal opened={opened} onClose={close} title="New client account" centered>
        <AccountForm
          submitLabel="Create account"
          pending={create.isPending}
          onCancel={close}
          onSubmit={async (input) => {
            // Leave out empty optional fields rather than storing blanks.
            const body = await create.mutateAsync({
              name: input.name,
              ...(input.phone ? { phone: input.phone } : {}),
              ...(input.website ? { website: input.website } : {}),
            });
            notifications.show({ color: "green", title: "Client account created", message: body.data.name });
            close();
            void navigate(`/clients/${body.data.id}`);
          }}
        />
      </Modal>
    </>
  );
}

export function ClientsPage() {
  const user = useMe();
  const list = useListParams("q");
  const q = list.get("q");
  const accounts = useAccounts({ q: q || undefined, page: list.page });
  const admin = user.role === "admin";

  return (
    <>
      <PageHeader
        title="Clients"
        description={admin ? "Every client account, its contacts and the agents who work it." : "The client accounts assigned to you."}
        actions={admin ? <NewAccountButton /> : undefined}
      />
      <Paper p={0}>
        <Group p="md" gap="sm">
          <TextInput
            aria-label="Search clients"
            placeholder="Search by company name"
            leftSection={<IconSearch size={16} aria-hidden="true" />}
            value={list.text}
            onChange={(event) => list.setText(event.currentTarget.value)}
            w={{ base: "100%", sm: 320 }}
            type="search"
          />
        </Group>
        {accounts.isPending ? (
          <TableSkeleton />
        ) : accounts.isError ? (
          <Group p="md" display="block">
            <QueryError error={accounts.error} onRetry={() => void accounts.refetch()} />
          </Group>
        ) : accounts.data.data.length === 0 ? (
          <EmptyState title={q ? "No matching clients" : "No client accounts yet"} icon={<IconBuilding size={26} />} withBorder={false}>
            {q
              ? `No client account matches “${q}”.`
              : admin
                ? "Create a client account for each company you work with, then invite its contacts."
                : "Client accounts appear here once an administrator assigns them to you."}
          </EmptyState>
        ) : (
          <>
            <TableScroll minWidth={640} label="Client accounts">
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Client account</Table.Th>
                    <Table.Th scope="col">Contacts</Table.Th>
                    <Table.Th scope="col">Assigned agents</Table.Th>
                    <Table.Th scope="col">Created</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {accounts.data.data.map((account) => (
                    <Table.Tr key={account.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/clients/${account.id}`} fw={600} size="sm">
                          {account.name}
                        </Anchor>
                        {account.website ? (
                          <Text size="xs" c="dimmed">
                            {account.website}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>{account.contactCount}</Table.Td>
                      <Table.Td>
                        {account.agents.length ? (
                          account.agents.map(nameWithState).join(", ")
                        ) : (
                          <Text span size="sm" c="dimmed">
                            Unassigned
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{formatDate(account.createdAt)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
            <Pager
              page={list.page}
              total={accounts.data.total}
              pageSize={accounts.data.pageSize}
              onChange={list.setPage}
              noun="client accounts"
            />
          </>
        )}
      </Paper>
    </>
  );
}
