/**
 * Billing's part of a work request's page (the board's task page renders it): the invoices made
 * from the task's accepted quote, and for staff "Create invoice" while the task has none.
 */
import { Anchor, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconFileInvoice } from "@tabler/icons-react";
import { Link, useNavigate } from "react-router";
import { invoicePath } from "../../../common/billing";
import type { TTaskDetail } from "../../../common/board";
import { errorMessage } from "../../api/client";
import { isStaff, useMe } from "../../api/session";
import { useInvoiceFromTask, useInvoices } from "./api";
import { InvoiceStatusBadge } from "./parts";
import { invoiceTitle, money } from "./words";

export function TaskInvoicePanel({ data }: { data: TTaskDetail["data"] }) {
  const staff = isStaff(useMe());
  const navigate = useNavigate();
  const taskId = data.task.id;
  const accepted = data.quotes.some((q) => q.status === "accepted");
  const list = useInvoices({ taskId, kind: "invoice", status: "all" }, { enabled: accepted });
  const create = useInvoiceFromTask(taskId);
  const invoices = list.data?.data ?? [];
  // A void invoice is replaced by its reissue (or a new one from the quote); otherwise one invoice per quote.
  const canCreate = staff && accepted && (list.data?.policies.create ?? false) && invoices.every((i) => i.status === "void");
  if (!accepted || (invoices.length === 0 && !canCreate)) return null;
  const createInvoice = () =>
    create.mutate(
      {},
      {
        onSuccess: (answer) => {
          notifications.show({
            color: "green",
            title: "Draft invoice created",
            message: "The quote's lines are copied: check them, then send it.",
          });
          void navigate(invoicePath(answer.data.id));
        },
        onError: (error) => notifications.show({ color: "red", title: "Could not create the invoice", message: errorMessage(error) }),
      },
    );
  return (
    <Paper p="lg" component="section" aria-labelledby="task-invoice-heading">
      <Group gap={6} mb="sm">
        <IconFileInvoice size={18} aria-hidden="true" />
        <Title order={2} fz="md" id="task-invoice-heading">
          Invoice
        </Title>
      </Group>
      <Stack gap="sm">
        {invoices.map((invoice) => (
          <Group key={invoice.id} justify="space-between" gap="xs" wrap="wrap">
            <Group gap="xs" wrap="nowrap">
              <Anchor component={Link} to={invoicePath(invoice.id)} fw={600} size="sm">
                {invoiceTitle(invoice)}
              </Anchor>
              <InvoiceStatusBadge invoice={invoice} />
            </Group>
            <Text size="sm" style={{ fontVariantNumeric: "tabular-nums" }}>
              {invoice.status === "sent" || invoice.status === "partially_paid"
                ? `${money(invoice.amountDueMinor, invoice.currency)} due`
                : money(invoice.totalMinor, invoice.currency)}
            </Text>
          </Group>
        ))}
        {canCreate ? (
          <>
            <Text size="sm" c="dimmed">
              The quote was accepted: turn it into a draft invoice with its lines copied.
            </Text>
            <Button leftSection={<IconFileInvoice size={16} aria-hidden="true" />} loading={create.isPending} onClick={createInvoice}>
              Create invoice
            </Button>
          </>
        ) : null}
      </Stack>
    </Paper>
  );
}
