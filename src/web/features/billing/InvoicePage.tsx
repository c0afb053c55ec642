import { Alert, Anchor, Box, Divider, Grid, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconBan, IconCircleCheck, IconClock, IconReceiptRefund } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import {
  INVOICE_KIND_LABELS,
  invoicePath,
  PAYMENT_KIND_LABELS,
  PAYMENT_METHOD_LABELS,
  type TInvoice,
  type TInvoiceLine,
  type TInvoiceRef,
} from "../../../common/billing";
import { useReferences } from "../../api/branding";
import { isStaff, useMe } from "../../api/session";
import { detailStates } from "../../components/DetailStates";
import { Markdown } from "../../components/Markdown";
import { PageHeader } from "../../components/PageHeader";
import { TableScroll } from "../../components/TableScroll";
import { formatDate, formatDateTime } from "../../lib/format";
import { useInvoice } from "./api";
import { InvoiceActions } from "./InvoiceActions";
import { TotalRow, TotalsList } from "./LinesEditor";
import { DocumentLinks, PayNowButton } from "./PayNow";
import { BillingBackLink, dueText, Fact, InvoiceStatusBadge } from "./parts";
import { formatDay, invoiceTitle, money, quantityText, taxRateText } from "./words";

const refText = (ref: TInvoiceRef) => ref.number ?? (ref.kind === "credit_note" ? "a credit note" : "a draft");
const RefLink = ({ target }: { target: TInvoiceRef }) => (
  <Anchor component={Link} to={invoicePath(target.id)} inherit fw={600}>
    {refText(target)}
  </Anchor>
);

function LinesTable({ lines, currency }: { lines: TInvoiceLine[]; currency: string }) {
  const num = { whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" } as const;
  return (
    <TableScroll minWidth={520} label="Invoice lines">
      <Table verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Description</Table.Th>
            <Table.Th scope="col" ta="right">
              Qty
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Unit price
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Tax
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Amount
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((line) => (
            <Table.Tr key={line.id}>
              <Table.Td style={{ overflowWrap: "anywhere" }}>{line.description}</Table.Td>
              <Table.Td ta="right" style={num}>
                {quantityText(line.quantity)}
              </Table.Td>
              <Table.Td ta="right" style={num}>
                {money(line.unitPriceMinor, currency)}
              </Table.Td>
              <Table.Td ta="right" style={num}>
                {taxRateText(line.taxRateBasisPoints)}
              </Table.Td>
              <Table.Td ta="right" style={num}>
                {money(line.amountMinor, currency)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}

/** The lines on a phone: one stacked card each. */
function LinesCards({ lines, currency }: { lines: TInvoiceLine[]; currency: string }) {
  return (
    <Stack component="ul" gap={0} m={0} p={0} style={{ listStyle: "none" }} aria-label="Invoice lines">
      {lines.map((line) => (
        <Box component="li" key={line.id} py="sm" style={{ borderTop: "1px solid var(--mantine-color-gray-2)" }}>
          <Group justify="space-between" gap="sm" wrap="nowrap" align="flex-start">
            <Text size="sm" fw={500} style={{ overflowWrap: "anywhere", minWidth: 0 }}>
              {line.description}
            </Text>
            <Text size="sm" fw={600} style={{ flex: "none", fontVariantNumeric: "tabular-nums" }}>
              {money(line.amountMinor, currency)}
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            {quantityText(line.quantity)} × {money(line.unitPriceMinor, currency)} · tax {taxRateText(line.taxRateBasisPoints)}
          </Text>
        </Box>
      ))}
    </Stack>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper p={{ base: "md", sm: "lg" }} component="section" aria-labelledby={id}>
      <Title order={2} fz="md" mb="sm" id={id}>
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function PaymentsSection({ invoice }: { invoice: TInvoice }) {
  if (invoice.payments.length === 0) return null;
  return (
    <Section id="invoice-payments" title="Payments and refunds">
      <Stack component="ul" gap={0} m={0} p={0} style={{ listStyle: "none" }} aria-label="Payments and refunds">
        {invoice.payments.map((p) => (
          <Group
            component="li"
            key={p.id}
            justify="space-between"
            gap="sm"
            wrap="nowrap"
            align="flex-start"
            py="xs"
            style={{ borderTop: "1px solid var(--mantine-color-gray-2)" }}
          >
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text size="sm" fw={500}>
                {PAYMENT_KIND_LABELS[p.kind]} · {PAYMENT_METHOD_LABELS[p.method]}
              </Text>
              <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                {formatDay(p.date)}
                {p.reference ? ` · ref. ${p.reference}` : ""}
                {p.recordedBy ? ` · recorded by ${p.recordedBy.name}` : ""}
                {p.reason ? ` · ${p.reason}` : ""}
              </Text>
            </Stack>
            <Text
              size="sm"
              fw={600}
              c={p.kind === "refund" ? "red.9" : undefined}
              style={{ flex: "none", fontVariantNumeric: "tabular-nums" }}
            >
              {p.kind === "refund" ? "−" : ""}
              {money(p.amountMinor, invoice.currency)}
            </Text>
          </Group>
        ))}
      </Stack>
    </Section>
  );
}

function CreditNotesSection({ invoice }: { invoice: TInvoice }) {
  if (invoice.creditNotes.length === 0) return null;
  return (
    <Section id="invoice-credit-notes" title="Credit notes">
      <Stack component="ul" gap={0} m={0} p={0} style={{ listStyle: "none" }} aria-label="Credit notes">
        {invoice.creditNotes.map((note) => (
          <Group
            component="li"
            key={note.id}
            justify="space-between"
            gap="sm"
            py="xs"
            wrap="nowrap"
            style={{ borderTop: "1px solid var(--mantine-color-gray-2)" }}
          >
            <Text size="sm">
              <RefLink target={note} /> · {formatDay(note.issueDate)}
            </Text>
            <Text size="sm" fw={600} style={{ fontVariantNumeric: "tabular-nums" }}>
              −{money(note.totalMinor, note.currency)}
            </Text>
          </Group>
        ))}
      </Stack>
    </Section>
  );
}

/** Where it stands: amount due (or the credit), the dates, and where it came from. */
function FactsPanel({ invoice, staff, payOnline }: { invoice: TInvoice; staff: boolean; payOnline: boolean }) {
  const references = useReferences();
  const credit = invoice.kind === "credit_note";
  const open = invoice.status === "sent" || invoice.status === "partially_paid";
  return (
    <Paper p={{ base: "md", sm: "lg" }} bg={invoice.overdue ? "red.0" : undefined}>
      {credit ? null : (
        <Stack gap={2} mb="md">
          <Text size="xs" fw={700} tt="uppercase" c="dimmed">
            {invoice.status === "draft" ? "Total to bill" : "Amount due"}
          </Text>
          <Text fz={32} fw={700} lh={1.15} style={{ fontVariantNumeric: "tabular-nums" }}>
            {money(invoice.amountDueMinor, invoice.currency)}
          </Text>
          {open || invoice.status === "draft" ? (
            <Text size="sm" c={invoice.overdue ? "red.9" : "dimmed"} fw={invoice.overdue ? 600 : undefined}>
              {dueText(invoice)}
            </Text>
          ) : invoice.status === "paid" ? (
            <Text size="sm" c="teal.9" fw={600}>
              Paid in full {invoice.paidAt ? formatDate(invoice.paidAt) : ""}
            </Text>
          ) : null}
          {payOnline ? (
            <Box mt="sm">
              <PayNowButton invoice={invoice} />
            </Box>
          ) : null}
        </Stack>
      )}
      <Stack component="dl" gap={8} m={0}>
        {staff ? (
          <Fact label="Client">
            {
              <Anchor component={Link} to={`/clients/${invoice.account.id}`} inherit>
                {invoice.account.name}
              </Anchor>
            }
          </Fact>
        ) : null}
        <Fact label="Issued">{invoice.issueDate ? formatDay(invoice.issueDate) : "When sent"}</Fact>
        {credit ? null : <Fact label="Due">{invoice.dueDate ? formatDay(invoice.dueDate) : "Issue date + payment terms"}</Fact>}
        <Fact label="Currency">{invoice.currency}</Fact>
        {invoice.task ? (
          <Fact label="Work request">
            <Anchor component={Link} to={`/work-requests/${invoice.task.id}`} inherit>
              {references.task(invoice.task.number)} · {invoice.task.summary}
            </Anchor>
          </Fact>
        ) : null}
        {invoice.creditFor ? (
          <Fact label="Credits">
            <RefLink target={invoice.creditFor} />
          </Fact>
        ) : null}
        {invoice.reissueOf ? (
          <Fact label="Reissues">
            <RefLink target={invoice.reissueOf} />
          </Fact>
        ) : null}
        {invoice.sentAt ? <Fact label="Sent">{formatDateTime(invoice.sentAt)}</Fact> : null}
        {staff && invoice.createdBy ? <Fact label="Created by">{invoice.createdBy.name}</Fact> : null}
      </Stack>
      <Box mt="md">
        <DocumentLinks invoice={invoice} />
      </Box>
    </Paper>
  );
}

/**
 * /billing/invoices/:id — one invoice or credit note, for a client of its account and for staff:
 * the amount due, lines and totals, payments, credit notes, the work request it came from; staff
 * see the actions its policies allow (edit, send, void, reissue, credit, record payment or refund).
 */
export function InvoicePage() {
  const { id = "" } = useParams();
  const [params] = useSearchParams();
  const staff = isStaff(useMe());
  const query = useInvoice(id);
  const mobile = useMediaQuery("(max-width: 47.99em)", false, { getInitialValueInEffect: false });
  const references = useReferences();
  const back = <BillingBackLink />;
  const fallback = detailStates({ query, title: "Invoice", noun: "invoice", back });
  if (fallback || !query.data) return fallback;
  const { data: invoice, policies } = query.data;
  const credit = invoice.kind === "credit_note";
  const title = invoice.number ? `${INVOICE_KIND_LABELS[invoice.kind]} ${invoice.number}` : `${invoiceTitle(invoice)} invoice`;
  const totals = {
    lines: [],
    subtotalMinor: invoice.subtotalMinor,
    discountMinor: invoice.discountMinor,
    taxMinor: invoice.taxMinor,
    totalMinor: invoice.totalMinor,
  };
  const extra =
    credit || invoice.status === "draft" ? null : (
      <>
        {invoice.paidMinor ? <TotalRow label="Paid" value={`−${money(invoice.paidMinor, invoice.currency)}`} /> : null}
        {invoice.creditedMinor ? <TotalRow label="Credited" value={`−${money(invoice.creditedMinor, invoice.currency)}`} /> : null}
        <TotalRow label="Amount due" value={money(invoice.amountDueMinor, invoice.currency)} strong />
      </>
    );
  const actions = staff ? <InvoiceActions invoice={invoice} policies={policies} /> : null;

  return (
    <>
      <PageHeader
        title={title}
        above={back}
        description={
          <Group component="span" gap="xs" wrap="wrap">
            <InvoiceStatusBadge invoice={invoice} />
            <span>
              {invoice.account.name}
              {invoice.task ? ` · From work request ${references.task(invoice.task.number)}` : ""}
            </span>
          </Group>
        }
        actions={actions}
      />
      <Stack gap="lg">
        {params.get("paid") === "1" && !staff ? (
          invoice.status === "paid" ? (
            <Alert
              color="teal"
              variant="light"
              icon={<IconCircleCheck aria-hidden="true" />}
              title="Thank you — payment received"
              role="status"
            >
              <Text size="sm">{invoice.number} is paid in full. Your receipt is below.</Text>
            </Alert>
          ) : (
            <Alert
              color="blue"
              variant="light"
              icon={<IconClock aria-hidden="true" />}
              title="Thank you — we are confirming your payment"
              role="status"
            >
              <Text size="sm">
                Stripe tells us when the payment has gone through; this page updates by itself, and a receipt is emailed to you.
              </Text>
            </Alert>
          )
        ) : null}
        {invoice.status === "void" ? (
          <Alert
            color="gray"
            variant="light"
            icon={<IconBan aria-hidden="true" />}
            title={`This ${credit ? "credit note" : "invoice"} is void`}
          >
            <Stack gap={4}>
              {invoice.voidReason ? <Text size="sm">Reason: {invoice.voidReason}</Text> : null}
              {invoice.voidedAt ? <Text size="sm">Voided {formatDateTime(invoice.voidedAt)}. Nothing is due on it.</Text> : null}
              {invoice.reissuedAs ? (
                <Text size="sm">
                  Reissued as <RefLink target={invoice.reissuedAs} />.
                </Text>
              ) : null}
            </Stack>
          </Alert>
        ) : null}
        {credit && invoice.creditReason ? (
          <Alert color="teal" variant="light" icon={<IconReceiptRefund aria-hidden="true" />} title="Credit note">
            <Text size="sm">
              {invoice.creditFor ? (
                <>
                  Credits <RefLink target={invoice.creditFor} />:{" "}
                </>
              ) : null}
              {invoice.creditReason}
            </Text>
          </Alert>
        ) : null}
        {staff && invoice.status === "draft" ? (
          <Alert color="blue" variant="light" title="Draft — the client does not see it yet">
            <Text size="sm">Check the lines, then send it: it gets its number and the client is emailed.</Text>
          </Alert>
        ) : null}
        <Grid gutter="lg">
          <Grid.Col span={{ base: 12, md: 8 }} order={{ base: 2, md: 1 }}>
            <Stack gap="lg">
              <Section id="invoice-lines" title="Lines">
                {mobile ? (
                  <LinesCards lines={invoice.lines} currency={invoice.currency} />
                ) : (
                  <LinesTable lines={invoice.lines} currency={invoice.currency} />
                )}
                <Divider my="sm" />
                <Box ml="auto" maw={360}>
                  <TotalsList totals={totals} currency={invoice.currency} extra={extra} />
                </Box>
              </Section>
              {invoice.notes.trim() ? (
                <Section id="invoice-notes" title="Notes">
                  <Markdown>{invoice.notes}</Markdown>
                </Section>
              ) : null}
              <PaymentsSection invoice={invoice} />
              <CreditNotesSection invoice={invoice} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }} order={{ base: 1, md: 2 }}>
            <FactsPanel invoice={invoice} staff={staff} payOnline={policies.payOnline} />
          </Grid.Col>
        </Grid>
      </Stack>
    </>
  );
}
