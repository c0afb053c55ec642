import { Anchor, Box, Button, Group, NativeSelect, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconDownload, IconPlus, IconReceipt } from "@tabler/icons-react";
import { Link } from "react-router";
import type { TBillingSummary, TInvoiceListQuery } from "../../../common/billing";
import { useSession } from "../../api/session";
import { ClientSelect } from "../../components/ClientSelect";
import { PageHeader } from "../../components/PageHeader";
import { Pager } from "../../components/Pager";
import { EmptyState, QueryError, TableSkeleton } from "../../components/States";
import { TableScroll } from "../../components/TableScroll";
import { useListParams } from "../../lib/useListParams";
import { exportCsvUrl, useBillingSummary, useInvoices } from "./api";
import { InvoiceRows } from "./parts";
import { money } from "./words";

type Filter = NonNullable<TInvoiceListQuery["status"]>;
const FILTERS: Array<{ value: Filter; label: string }> = [
  { value: "due", label: "Due" },
  { value: "overdue", label: "Overdue" },
  { value: "draft", label: "Draft" },
  { value: "paid", label: "Paid" },
  { value: "void", label: "Void" },
  { value: "all", label: "All" },
];
const isFilter = (value: string): value is Filter => FILTERS.some((f) => f.value === value);

const EMPTY_WORDS: Record<Filter, string> = {
  due: "No invoice is waiting for payment.",
  overdue: "No invoice is overdue.",
  draft: "No drafts. Turn an accepted quote into one from its work request, or start a new invoice.",
  sent: "No invoice is waiting for payment.",
  paid: "No paid invoices yet.",
  void: "No void invoices.",
  all: "No invoices yet. Turn an accepted quote into one from its work request, or start a new invoice.",
};

type Figures = TBillingSummary["data"]["totals"][number];

/** One figure per currency ("A$1,250.00 · US$80.00"), or nothing owed. */
function FigureCard({ label, totals, pick, note }: { label: string; totals: Figures[]; pick: (f: Figures) => number; note?: string }) {
  const { data: session } = useSession();
  const rows = totals.length ? totals : [{ currency: session?.defaultCurrency ?? "USD" } as Figures];
  return (
    <Paper p="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      {rows.map((figures) => (
        <Text key={figures.currency} fz={24} fw={700} lh={1.3} style={{ fontVariantNumeric: "tabular-nums" }}>
          {money(totals.length ? pick(figures) : 0, figures.currency)}
        </Text>
      ))}
      {note ? (
        <Text size="xs" c="dimmed" mt={2}>
          {note}
        </Text>
      ) : null}
    </Paper>
  );
}

function Summary({ onAccount }: { onAccount: (accountId: string) => void }) {
  const summary = useBillingSummary();
  if (summary.isPending) return <TableSkeleton rows={2} />;
  if (summary.isError)
    return <QueryError error={summary.error} onRetry={() => void summary.refetch()} title="Could not load the figures" />;
  const { totals, accounts, month } = summary.data.data;
  const due = totals.reduce((n, t) => n + t.dueCount, 0);
  const overdue = totals.reduce((n, t) => n + t.overdueCount, 0);
  const monthName = new Date(`${month}-01T00:00:00Z`).toLocaleDateString(undefined, { month: "long", year: "numeric", timeZone: "UTC" });
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
        <FigureCard
          label="Outstanding"
          totals={totals}
          pick={(f) => f.outstandingMinor}
          note={due === 1 ? "1 invoice due" : `${due} invoices due`}
        />
        <FigureCard
          label="Overdue"
          totals={totals}
          pick={(f) => f.overdueMinor}
          note={overdue === 1 ? "1 invoice" : `${overdue} invoices`}
        />
        <FigureCard label="Paid this month" totals={totals} pick={(f) => f.paidThisMonthMinor} note={monthName} />
      </SimpleGrid>
      {accounts.length > 0 ? (
        <Paper p={0} component="section" aria-labelledby="billing-per-client">
          <Title order={2} fz="md" p="md" pb={0} id="billing-per-client">
            By client
          </Title>
          <TableScroll minWidth={560} label="By client table">
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Client</Table.Th>
                  <Table.Th scope="col" ta="right">
                    Outstanding
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Overdue
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Paid this month
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {accounts.map((row) => (
                  <Table.Tr key={`${row.account.id}-${row.currency}`}>
                    <Table.Td>
                      <Anchor component="button" type="button" size="sm" fw={600} onClick={() => onAccount(row.account.id)}>
                        {row.account.name}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {row.dueCount === 1 ? "1 invoice due" : `${row.dueCount} invoices due`}
                        {row.overdueCount ? ` · ${row.overdueCount} overdue` : ""}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" }}>
                      {money(row.outstandingMinor, row.currency)}
                    </Table.Td>
                    <Table.Td
                      ta="right"
                      c={row.overdueMinor ? "red.9" : undefined}
                      style={{ whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" }}
                    >
                      {money(row.overdueMinor, row.currency)}
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" }}>
                      {money(row.paidThisMonthMinor, row.currency)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        </Paper>
      ) : null}
    </Stack>
  );
}

/** /billing for staff: what is outstanding, overdue and paid this month, per client, and every invoice in their scope. */
export function AgencyBilling() {
  const { get, set, page, setPage } = useListParams("q");
  const raw = get("status");
  const status: Filter = isFilter(raw) ? raw : "due";
  const account = get("account");
  const list = useInvoices({ status, accountId: account || undefined, page });
  const mobile = useMediaQuery("(max-width: 47.99em)", false, { getInitialValueInEffect: false });
  const rows = list.data?.data ?? [];
  const canCreate = list.data?.policies.create ?? false;
  const newInvoice = account ? `/billing/invoices/new?accountId=${encodeURIComponent(account)}` : "/billing/invoices/new";
  const setStatus = (value: string) => set({ status: value === "due" ? null : value });

  return (
    <>
      <PageHeader
        title="Billing"
        description="Payment handling for your clients: what is outstanding and overdue, what was paid this month, and every invoice and credit note. Clients see what is due on their dashboard."
        actions={
          <>
            <Button
              component="a"
              href={exportCsvUrl({ status, accountId: account || undefined })}
              download
              variant="default"
              leftSection={<IconDownload size={16} aria-hidden="true" />}
            >
              Export CSV
            </Button>
            {canCreate ? (
              <Button component={Link} to={newInvoice} leftSection={<IconPlus size={16} aria-hidden="true" />}>
                New invoice
              </Button>
            ) : null}
          </>
        }
      />
      <Stack gap="lg">
        <Summary onAccount={(id) => set({ account: id, status: "all" })} />
        <Paper p={0} component="section" aria-labelledby="billing-invoices">
          <Stack gap="sm" p="md">
            <Title order={2} fz="md" id="billing-invoices">
              Invoices
            </Title>
            <Group gap="sm" align="flex-end" wrap="wrap">
              {mobile ? (
                <NativeSelect label="Show" data={FILTERS} value={status} onChange={(e) => setStatus(e.currentTarget.value)} w="100%" />
              ) : (
                <Stack gap={4}>
                  <Text size="sm" fw={500} id="billing-status-label">
                    Show
                  </Text>
                  <SegmentedControl aria-labelledby="billing-status-label" value={status} onChange={setStatus} data={FILTERS} />
                </Stack>
              )}
              <ClientSelect value={account} onChange={(v) => set({ account: v || null })} clearable w={{ base: "100%", xs: 260 }} />
            </Group>
          </Stack>
          {list.isPending ? (
            <TableSkeleton rows={3} />
          ) : list.isError ? (
            <Box p="md">
              <QueryError error={list.error} onRetry={() => void list.refetch()} title="Could not load the invoices" />
            </Box>
          ) : rows.length === 0 ? (
            <EmptyState withBorder={false} order={3} icon={<IconReceipt size={26} />} title="Nothing here">
              {EMPTY_WORDS[status]}
            </EmptyState>
          ) : (
            <>
              <Box px={mobile ? "md" : 0}>
                <InvoiceRows rows={rows} showAccount={!account} label="Invoices" />
              </Box>
              <Pager page={page} total={list.data?.total ?? 0} pageSize={list.data?.pageSize ?? 25} onChange={setPage} noun="invoices" />
            </>
          )}
        </Paper>
      </Stack>
    </>
  );
}
