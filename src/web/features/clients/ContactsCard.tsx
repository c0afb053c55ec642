import { Button, Group, Paper, Table, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconUserPlus, IconUsers } from "@tabler/icons-react";
import type { TAccount, TUser } from "../../../common/schemas";
import { StateBadge } from "../../components/StateBadge";
import { EmptyState } from "../../components/States";
import { TableScroll } from "../../components/TableScroll";
import { InviteUserModal } from "../users/InviteUserModal";

interface ContactsCardProps {
  account: TAccount;
  contacts: TUser[];
  canInvite: boolean;
}

/** The people who log in for a client account, with an invite action for those allowed. */
export function ContactsCard({ account, contacts, canInvite }: ContactsCardProps) {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <Paper p={0}>
      <Group justify="space-between" p="lg" pb="sm">
        <div>
          <Title order={2} fz="md">
            Contacts
          </Title>
          <Text size="sm" c="dimmed">
            People who log in to the portal for {account.name}.
          </Text>
        </div>
        {canInvite ? (
          <Button variant="light" leftSection={<IconUserPlus size={16} aria-hidden="true" />} onClick={open}>
            Invite contact
          </Button>
        ) : null}
      </Group>
      {contacts.length === 0 ? (
        <EmptyState title="No contacts yet" order={3} icon={<IconUsers size={26} />} withBorder={false}>
          {canInvite ? "Invite the people at this company who should use the portal." : "No one logs in for this company yet."}
        </EmptyState>
      ) : (
        <TableScroll minWidth={600} label="Contacts">
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Email</Table.Th>
                <Table.Th scope="col">Username</Table.Th>
                <Table.Th scope="col">State</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {contacts.map((contact) => (
                <Table.Tr key={contact.id}>
                  <Table.Td fw={500}>{contact.name}</Table.Td>
                  <Table.Td>{contact.email}</Table.Td>
                  <Table.Td>{contact.username || "—"}</Table.Td>
                  <Table.Td>
                    <StateBadge state={contact.state} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
      {canInvite ? <InviteUserModal opened={opened} onClose={close} account={{ id: account.id, name: account.name }} /> : null}
    </Paper>
  );
}
