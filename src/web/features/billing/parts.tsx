/** Small pieces the billing pages share: the status badge, the back link, a label/value row, the invoice list. */
import { Anchor, Badge, Group, Paper, Stack, Table, Text, VisuallyHidden } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconArrowLeft } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { invoicePath, type TInvoiceListItem, type TInvoiceSummary } from "../../../common/billing";
import { TableScroll } from "../../components/TableScroll";
import { formatDate } from "../../lib/format";
import { formatDay, invoiceTitle, money, STATUS_COLORS, statusLabel } from "./words";

export function InvoiceStatusBadge({ invoice, size = "sm" }: { invoice: Pick<TInvoiceSummary, "kind" | "displayStatus">; size?: string }) {
  const { kind, displayStatus } = invoice;
  return (
    <Badge
      size={size}
      color={kind === "credit_note" && displayStatus !== "void" ? "teal" : STATUS_COLORS[displayStatus]}
      variant={displayStatus === "void" ? "outline" : "light"}
      tt="none"
      style={{ flex: "none" }}
    >
      {statusLabel(kind, displayStatus)}
    </Badge>
  );
}

export function BillingBackLink() {
  return (
    <Anchor component={Link} to="/billing" size="sm" display="inline-flex" style={{ alignItems: "center", gap: 4 }}>
      <IconArrowLeft size={14} aria-hidden="true" /> Billing
    </Anchor>
  );
}

/** One label and its value, on one line (a definition list keeps them paired for screen readers). */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group justify="space-between" gap="sm" wrap="nowrap" align="flex-start">
      <Text component="dt" size="sm" c="dimmed" style={{ flex: "none" }}>
        {label}
      </Text>
      <Text component="dd" size="sm" m={0} ta="right" style={{ minWidth: 0, overflowWrap: "anywhere" }}>
        {children}
      </Text>
    </Group>
  );
}

/** "Due 18 Dec 2026", "Was due 1 Dec 2026" — or nothing to say for a draft without a date. */
export function dueText(invoice: Pick<TInvoiceSummary, "dueDate" | "overdue" | "displayStatus">): string {
  if (!invoice.dueDate) return invoice.displayStatus === "draft" ? "Due date set when sent" : "No due date";
  return `${invoice.overdue ? "Was due" : "Due"} ${formatDay(invoice.dueDate)}`;
}

/** The number (or "Draft") as a link to the invoice. */
function InvoiceLink({ invoice }: { invoice: TInvoiceSummary }) {
  return (
    <Anchor component={Link} to={invoicePath(invoice.id)} fw={600} size="sm">
      {invoiceTitle(invoice)}
      {invoice.kind === "credit_note" && invoice.number ? " (credit note)" : ""}
    </Anchor>
  );
}

interface RowsProps {
  rows: TInvoiceListItem[];
  showAccount: boolean;
  label: string;
  /** Paid history: when each was paid, instead of its due date and (nil) amount due. */
  paid?: boolean;
  /** A PDF link on each (a client's lists: every invoice they see was sent). */
  pdfLinks?: boolean;
}

function InvoiceTable({ rows, showAccount, label, paid = false, pdfLinks = false }: RowsProps) {
  return (
    <TableScroll minWidth={showAccount ? 820 : 640} label={`${label} table`}>
      <Table verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Number</Table.Th>
            {showAccount ? <Table.Th scope="col">Client</Table.Th> : null}
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Issued</Table.Th>
            <Table.Th scope="col">{paid ? "Paid" : "Due"}</Table.Th>
            <Table.Th scope="col" ta="right">
              Total
            </Table.Th>
            {paid ? null : (
              <Table.Th scope="col" ta="right">
                Amount due
              </Table.Th>
            )}
            {pdfLinks ? (
              <Table.Th scope="col">
                <VisuallyHidden>Download</VisuallyHidden>
              </Table.Th>
            ) : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((invoice) => (
            <Table.Tr key={invoice.id}>
              <Table.Td>
                <InvoiceLink invoice={invoice} />
                {invoice.task ? (
                  <Text size="xs" c="dimmed" lineClamp={1} maw={260}>
                    {invoice.task.summary}
                  </Text>
                ) : null}
              </Table.Td>
              {showAccount ? <Table.Td>{invoice.account.name}</Table.Td> : null}
              <Table.Td>
                <InvoiceStatusBadge invoice={invoice} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDay(invoice.issueDate)}</Table.Td>
              {paid ? (
                <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDate(invoice.paidAt)}</Table.Td>
              ) : (
                <Table.Td style={{ whiteSpace: "nowrap" }} c={invoice.overdue ? "red.9" : undefined} fw={invoice.overdue ? 600 : undefined}>
                  {formatDay(invoice.dueDate)}
                </Table.Td>
              )}
              <Table.Td ta="right" style={{ whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" }}>
                {money(invoice.totalMinor, invoice.currency)}
              </Table.Td>
              {paid ? null : (
                <Table.Td ta="right" fw={600} style={{ whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" }}>
                  {invoice.kind === "credit_note" ? "—" : money(invoice.amountDueMinor, invoice.currency)}
                </Table.Td>
              )}
              {pdfLinks ? (
                <Table.Td ta="right">
                  <Anchor href={invoice.pdfUrl} download size="sm" aria-label={`${invoiceTitle(invoice)} PDF`}>
                    PDF
                  </Anchor>
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}

/** An invoice as a card: every list on a phone. */
export function InvoiceCard({
  invoice,
  showAccount,
  pdfLinks = false,
}: {
  invoice: TInvoiceListItem;
  showAccount: boolean;
  pdfLinks?: boolean;
}) {
  const credit = invoice.kind === "credit_note";
  const due = !credit && (invoice.status === "sent" || invoice.status === "partially_paid");
  return (
    <Paper component="li" p="md" withBorder style={invoice.overdue ? { borderColor: "var(--mantine-color-red-4)" } : undefined}>
      <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <InvoiceLink invoice={invoice} />
          <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
            {[showAccount ? invoice.account.name : null, invoice.task?.summary ?? null].filter(Boolean).join(" · ") ||
              `Issued ${formatDay(invoice.issueDate)}`}
          </Text>
        </Stack>
        <InvoiceStatusBadge invoice={invoice} />
      </Group>
      <Group justify="space-between" align="flex-end" gap="xs" mt="xs" wrap="wrap">
        <Text size="xs" c={invoice.overdue ? "red.9" : "dimmed"} fw={invoice.overdue ? 600 : undefined}>
          {credit
            ? `Issued ${formatDay(invoice.issueDate)}`
            : invoice.status === "paid"
              ? `Paid ${formatDate(invoice.paidAt)}`
              : dueText(invoice)}
        </Text>
        <Group gap="sm" wrap="nowrap">
          {pdfLinks ? (
            <Anchor href={invoice.pdfUrl} download size="sm" aria-label={`${invoiceTitle(invoice)} PDF`}>
              PDF
            </Anchor>
          ) : null}
          <Text fw={700} style={{ fontVariantNumeric: "tabular-nums" }}>
            {money(due ? invoice.amountDueMinor : invoice.totalMinor, invoice.currency)}
          </Text>
        </Group>
      </Group>
    </Paper>
  );
}

export function InvoiceCards({ rows, showAccount, label, pdfLinks }: RowsProps) {
  return (
    <Stack component="ul" gap="sm" m={0} p={0} style={{ listStyle: "none" }} aria-label={label}>
      {rows.map((invoice) => (
        <InvoiceCard key={invoice.id} invoice={invoice} showAccount={showAccount} pdfLinks={pdfLinks} />
      ))}
    </Stack>
  );
}

/** A list of invoices: a table on a wide screen, cards on a phone. */
export function InvoiceRows({ rows, showAccount, label, paid, pdfLinks }: RowsProps) {
  const mobile = useMediaQuery("(max-width: 47.99em)", false, { getInitialValueInEffect: false });
  return mobile ? (
    <InvoiceCards rows={rows} showAccount={showAccount} label={label} pdfLinks={pdfLinks} />
  ) : (
    <InvoiceTable rows={rows} showAccount={showAccount} label={label} paid={paid} pdfLinks={pdfLinks} />
  );
}
