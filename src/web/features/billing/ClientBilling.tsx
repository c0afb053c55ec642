import { Badge, Box, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconReceipt } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import { invoicePath, type TInvoiceListItem, type TInvoiceListQuery } from "../../../common/billing";
import { PageHeader } from "../../components/PageHeader";
import { Pager } from "../../components/Pager";
import { EmptyState, QueryError, TableSkeleton } from "../../components/States";
import { useInvoices } from "./api";
import { PayNowButton } from "./PayNow";
import { dueText, InvoiceRows, InvoiceStatusBadge } from "./parts";
import { invoiceTitle, money } from "./words";

/** The amount due per currency (a client is billed in one currency, usually). */
function dueByCurrency(rows: TInvoiceListItem[]): Array<{ currency: string; amountMinor: number }> {
  const sums = new Map<string, number>();
  for (const invoice of rows) sums.set(invoice.currency, (sums.get(invoice.currency) ?? 0) + invoice.amountDueMinor);
  return [...sums].map(([currency, amountMinor]) => ({ currency, amountMinor }));
}

/** One invoice waiting for payment: how much, by when, the way to it — and Pay now when it can be paid online. */
function DueCard({ invoice }: { invoice: TInvoiceListItem }) {
  const payOnline = invoice.policies.payOnline;
  return (
    <Paper
      component="li"
      p="md"
      withBorder
      style={invoice.overdue ? { borderColor: "var(--mantine-color-red-5)", background: "var(--mantine-color-red-0)" } : undefined}
    >
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Stack gap={4} style={{ flex: "1 1 14rem", minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Text fw={700}>{invoiceTitle(invoice)}</Text>
            <InvoiceStatusBadge invoice={invoice} />
          </Group>
          {invoice.task ? (
            <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
              {invoice.task.summary}
            </Text>
          ) : null}
          <Text size="sm" c={invoice.overdue ? "red.9" : undefined} fw={invoice.overdue ? 600 : undefined}>
            {dueText(invoice)}
          </Text>
        </Stack>
        <Stack gap={6} align="flex-end" style={{ flex: "0 1 auto", marginLeft: "auto" }}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            Amount due
          </Text>
          <Text fz="xl" fw={700} lh={1.1} style={{ fontVariantNumeric: "tabular-nums" }}>
            {money(invoice.amountDueMinor, invoice.currency)}
          </Text>
          <Group gap="xs" wrap="nowrap">
            <Button component="a" href={invoice.pdfUrl} download size="xs" variant="default" aria-label={`${invoiceTitle(invoice)} PDF`}>
              PDF
            </Button>
            <Button
              component={Link}
              to={invoicePath(invoice.id)}
              size="xs"
              // Pay now is the card's main action when there is one.
              variant={payOnline ? "default" : invoice.overdue ? "filled" : "light"}
            >
              View invoice
            </Button>
          </Group>
        </Stack>
      </Group>
      {payOnline ? (
        <Box mt="sm" ml={{ sm: "auto" }} maw={{ sm: "20rem" }}>
          <PayNowButton invoice={invoice} inList />
        </Box>
      ) : null}
    </Paper>
  );
}

/** A titled section with its own list and pages (paid history, credit notes, void invoices). */
function HistorySection({ id, title, query, empty }: { id: string; title: string; query: TInvoiceListQuery; empty?: string }) {
  const [page, setPage] = useState(1);
  const list = useInvoices({ ...query, page });
  const rows = list.data?.data ?? [];
  // Void invoices and credit notes are shown only when there are some; paid history always.
  if (!empty && list.data && list.data.total === 0) return null;
  return (
    <Stack gap="sm" component="section" aria-labelledby={id}>
      <Title order={2} fz="md" id={id}>
        {title}
      </Title>
      {list.isPending ? <TableSkeleton rows={2} /> : null}
      {list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} title={`Could not load ${title.toLowerCase()}`} />
      ) : null}
      {list.data && rows.length === 0 && empty ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : null}
      {rows.length > 0 ? (
        <Paper p={0} style={{ overflow: "hidden" }}>
          <Box p={{ base: "sm", sm: 0 }}>
            <InvoiceRows rows={rows} showAccount={false} label={title} paid={query.status === "paid"} pdfLinks />
          </Box>
          {list.data && list.data.total > list.data.pageSize ? (
            <Pager page={page} total={list.data.total} pageSize={list.data.pageSize} onChange={setPage} noun="invoices" />
          ) : null}
        </Paper>
      ) : null}
    </Stack>
  );
}

/**
 * /billing for a client (seed 000: "Whenever a payment is due … use the website features provided
 * for payment handling"): what is due first, with its amount and due date; then paid history,
 * credit notes and any void invoices.
 */
export function ClientBilling() {
  const due = useInvoices({ status: "due", kind: "invoice" });
  const rows = due.data?.data ?? [];
  const totals = dueByCurrency(rows);
  const overdue = rows.filter((invoice) => invoice.overdue).length;
  return (
    <>
      <PageHeader
        title="Billing"
        description="Whenever a payment is due it shows here and at the top of your dashboard, with its due date. Paid invoices and credit notes stay here too, so your records stay organized and visible to the team."
      />
      <Stack gap="xl">
        <Stack gap="sm" component="section" aria-labelledby="billing-due">
          <Group justify="space-between" gap="sm" wrap="wrap">
            <Title order={2} fz="md" id="billing-due">
              Payment due
            </Title>
            {overdue > 0 ? (
              <Badge color="red" variant="light" tt="none">
                {overdue === 1 ? "1 overdue" : `${overdue} overdue`}
              </Badge>
            ) : null}
          </Group>
          {due.isPending ? <TableSkeleton rows={2} /> : null}
          {due.isError ? <QueryError error={due.error} onRetry={() => void due.refetch()} title="Could not load what is due" /> : null}
          {due.data && rows.length === 0 ? (
            <EmptyState title="Nothing to pay" icon={<IconReceipt size={26} />} order={3}>
              You are all paid up. When the agency sends you an invoice it appears here and on your dashboard, with the amount and the date
              it is due.
            </EmptyState>
          ) : null}
          {rows.length > 0 ? (
            <>
              {/* One invoice says its own amount; several get their sum first (when all are on this page). */}
              {due.data && rows.length > 1 && due.data.total <= due.data.pageSize ? (
                <SimpleGrid cols={{ base: 1, xs: totals.length > 1 ? 2 : 1 }} spacing="sm">
                  {totals.map((total) => (
                    <Paper key={total.currency} p="md" bg="indigo.0">
                      <Text size="sm" c="dimmed">
                        Total amount due{totals.length > 1 ? ` (${total.currency})` : ""}
                      </Text>
                      <Text fz={28} fw={700} lh={1.2} style={{ fontVariantNumeric: "tabular-nums" }}>
                        {money(total.amountMinor, total.currency)}
                      </Text>
                    </Paper>
                  ))}
                </SimpleGrid>
              ) : null}
              <Stack component="ul" gap="sm" m={0} p={0} style={{ listStyle: "none" }} aria-label="Payment due">
                {rows.map((invoice) => (
                  <DueCard key={invoice.id} invoice={invoice} />
                ))}
              </Stack>
            </>
          ) : null}
        </Stack>
        <HistorySection
          id="billing-paid"
          title="Paid invoices"
          query={{ status: "paid", kind: "invoice" }}
          empty="Invoices you have paid will be listed here."
        />
        <HistorySection id="billing-credit" title="Credit notes" query={{ status: "all", kind: "credit_note" }} />
        <HistorySection id="billing-void" title="Void invoices" query={{ status: "void", kind: "invoice" }} />
      </Stack>
    </>
  );
}
